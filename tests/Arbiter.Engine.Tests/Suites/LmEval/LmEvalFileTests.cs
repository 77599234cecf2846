using Arbiter.Core.Suites;
using Arbiter.Engine.Scoring;
using Arbiter.Engine.Suites;

namespace Arbiter.Engine.Tests.Suites.LmEval;

/// <summary>lm-eval task YAMLs from EleutherAI/lm-evaluation-harness (Fixtures/LmEval/NOTICE), included by a user's local task files.</summary>
public sealed class LmEvalFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-lmeval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "LmEval", name);

    [Fact]
    public void Gsm8k_task_through_include_renders_the_prompt_and_keeps_lm_evals_scoring()
    {
        var file = SuiteFiles.Load(Fixture("my_gsm8k.yaml"));
        Assert.Equal("lm-eval", file.Format);
        var suite = Assert.Single(file.Suites);
        Assert.Equal(("my_gsm8k", "3.0", 200, 5), (suite.Id, suite.Version, suite.Items.Count, suite.FewShotK));
        var first = suite.Items[0];
        Assert.StartsWith("Question: Janet’s ducks lay 16 eggs per day.", first.Question, StringComparison.Ordinal);
        Assert.EndsWith("\nAnswer:", first.Question, StringComparison.Ordinal);
        Assert.EndsWith("#### 18", first.Target, StringComparison.Ordinal);
        Assert.Equal("exact_match", suite.Scorer.Kind);

        // Five shots as prior turns: the question, then the worked answer as written.
        var messages = PromptRenderer.Render(suite, first);
        Assert.Equal(11, messages.Count);
        Assert.EndsWith("#### 3", messages[1].Content, StringComparison.Ordinal); // item 2's answer (item 1 is left out of its own shots)
        Assert.Equal(first.Question, messages[^1].Content);

        // strict-match: "#### (number)", then ignore_case and regexes_to_ignore strip the reference down to "18".
        var scorer = ScorerFactory.For(first, suite.Scorer);
        Assert.Equal(1, scorer.Score(first, "She sells 16 - 3 - 4 = 9 eggs, 9 * 2 = 18 dollars.\n#### 18").Value);
        Assert.Equal(1, scorer.Score(first, "#### 18.\nQuestion: next one #### 5").Value); // cut at until "Question:"; "\\.$" is ignored
        Assert.Equal(0, scorer.Score(first, "The answer is 18.").Value); // no "####": the fallback [invalid]
        Assert.Contains(file.Problems, p => p.Message.Contains("filter_list has 2 pipelines (strict-match, flexible-extract)", StringComparison.Ordinal));
    }

    [Fact]
    public void Multiple_choice_task_becomes_a_generative_multiple_choice_suite_and_says_so()
    {
        var file = SuiteFiles.Load(Fixture("my_arc.yaml"));
        var suite = Assert.Single(file.Suites);
        Assert.Equal(["B", "A", "C", "C"], suite.Items.Select(i => i.Target));
        Assert.Equal(["leaf", "flower", "root"], suite.Items[2].Choices!);  // answerKey "3" found among labels 1-3
        Assert.Equal("choice", suite.Scorer.Kind);
        var prompt = PromptRenderer.Render(suite, suite.Items[0])[^1].Content;
        Assert.StartsWith("Question: Which of these is a source of light?\nAnswer:\n\nA. the Moon\nB. the Sun", prompt, StringComparison.Ordinal);
        var warning = Assert.Single(file.Problems, p => p.Message.Contains("generative multiple-choice suite", StringComparison.Ordinal));
        Assert.Equal((ProblemSeverity.Warning, 6L), (warning.Severity, warning.Line)); // output_type in arc_easy.yaml
        Assert.EndsWith("arc_easy.yaml", warning.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Function_hooks_are_listed_with_file_and_line_and_the_task_still_loads()
    {
        var file = SuiteFiles.Load(Fixture("my_arith.yaml"));
        var suite = Assert.Single(file.Suites);
        Assert.Equal(3, suite.Items.Count);
        Assert.Equal("Question: What is 12 plus 30?\nAnswer:", suite.Items[0].Question);
        var hook = Assert.Single(file.Problems, p => p.Severity == ProblemSeverity.Unsupported);
        Assert.EndsWith("arithmetic_1dc.yaml", hook.File, StringComparison.Ordinal); // two includes deep
        Assert.Equal(11, hook.Line);
        Assert.Contains("process_docs: !function utils.process_docs", hook.Message, StringComparison.Ordinal);
        Assert.True(file.Ok);
        Assert.Equal(1, ScorerFactory.For(suite.Items[1], suite.Scorer).Score(suite.Items[1], " 72 ").Value); // loglikelihood target " 72"
    }

    [Fact]
    public void Group_loads_members_as_suites_with_a_size_weighted_aggregate()
    {
        var file = SuiteFiles.Load(Fixture("my_group.yaml"));
        Assert.Equal("lm-eval-group", file.Format);
        Assert.Equal(["my_arc", "my_gsm8k"], file.Suites.Select(s => s.Id));
        Assert.Equal(0, file.Suites[1].FewShotK); // the group's inline num_fewshot: 0 wins over gsm8k's 5
        var group = Assert.Single(file.Groups);
        Assert.Equal(("my_suite", true), (group.Id, group.WeightBySize));
        Assert.Contains(file.Problems, p => p.Message.Contains("item-weighted mean (items: my_arc 4, my_gsm8k 200)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hub_dataset_is_an_error_at_dataset_path_naming_the_fix()
    {
        var file = SuiteFiles.Load(Fixture("gsm8k.yaml"));
        Assert.False(file.Ok);
        var error = Assert.Single(file.Problems, p => p.Severity == ProblemSeverity.Error);
        Assert.Equal(4, error.Line);
        Assert.Contains("dataset_path 'openai/gsm8k' is a Hugging Face hub dataset", error.Message, StringComparison.Ordinal);
        Assert.Contains("dataset_path: json", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("include: nothere.yaml\ntask: t\n", 1, "included file 'nothere.yaml' not found")]
    [InlineData("task: t\ndataset_path: json\ndataset_kwargs:\n  data_files:\n    test: data.jsonl\ntest_split: test\ndoc_to_text: \"{{ q | nosuch }}\"\ndoc_to_target: a\n", 7, "doc_to_text: unsupported filter 'nosuch'")]
    [InlineData("task: t\ndataset_path: json\ndataset_kwargs:\n  data_files:\n    test: missing.jsonl\ntest_split: test\ndoc_to_text: q\ndoc_to_target: a\n", 5, "data file 'missing.jsonl' not found")]
    [InlineData("task: t\ndataset_path: json\ndataset_kwargs:\n  data_files:\n    test: data.jsonl\ntest_split: validation\ndoc_to_text: q\ndoc_to_target: a\n", 6, "split 'validation' is not in dataset_kwargs.data_files (it has: test)")]
    [InlineData("task: t\ndataset_path: json\ndataset_kwargs:\n  data_files:\n    test: data.jsonl\ntest_split: test\ndoc_to_text: \"{{ nofield }}\"\ndoc_to_target: a\n", 1, "task.yaml:7): 'nofield' is undefined")]
    [InlineData("task: t\ndataset_path: json\ndataset_kwargs:\n  data_files:\n    test: hf://datasets/x/y.jsonl\ntest_split: test\ndoc_to_text: q\ndoc_to_target: a\n", 5, "is remote")]
    public void Malformed_task_files_give_file_and_line(string yaml, int line, string message)
    {
        File.WriteAllText(Path.Combine(_dir, "data.jsonl"), "{\"q\": \"1+1?\", \"a\": \"2\"}\n{\"q\": \"2+2?\", \"a\": \"4\"}\n");
        var path = Path.Combine(_dir, "task.yaml");
        File.WriteAllText(path, yaml);
        var error = Assert.Single(SuiteFiles.Load(path).Problems, p => p.Severity == ProblemSeverity.Error);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_dataset_with_an_int_target_indexes_the_choice_list()
    {
        File.WriteAllText(Path.Combine(_dir, "data.csv"), "sentence,label\n\"The film was great, really.\",1\nDull and slow.,0\n");
        var path = Path.Combine(_dir, "sst.yaml");
        File.WriteAllText(path, """
            task: my_sst
            dataset_path: csv
            dataset_kwargs:
              data_files: data.csv
            test_split: train
            output_type: multiple_choice
            doc_to_text: "{{sentence}}\nQuestion: Is this sentence positive or negative?\nAnswer:"
            doc_to_target: label
            doc_to_choice: ["negative", "positive"]
            """);
        var suite = Assert.Single(SuiteFiles.Load(path).Suites);
        Assert.Equal(["B", "A"], suite.Items.Select(i => i.Target));
        Assert.Equal(3, suite.Items[1].Metadata["line"] is var l ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 0);
    }
}
