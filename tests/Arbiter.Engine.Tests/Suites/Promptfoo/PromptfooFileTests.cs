using Arbiter.Engine.Scoring;
using Arbiter.Engine.Scoring.Rubric;
using Arbiter.Engine.Suites;

namespace Arbiter.Engine.Tests.Suites.Promptfoo;

/// <summary>promptfoo's own examples (Fixtures/Promptfoo/NOTICE) and a gateway config written for these tests.</summary>
public sealed class PromptfooFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-promptfoo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Promptfoo", name);

    [Fact]
    public void Simple_test_example_gives_a_suite_per_prompt_and_lists_what_it_cannot_check()
    {
        var file = SuiteFiles.Load(Fixture("simple-test/promptfooconfig.yaml"));
        Assert.Equal("promptfoo", file.Format);
        Assert.Equal(["simple-test-p1", "simple-test-p2"], file.Suites.Select(s => s.Id));
        var suite = file.Suites[0];
        Assert.Equal(4, suite.Items.Count); // the test with only javascript/python/similar asserts is not loaded
        Assert.Equal("Rephrase this from English to Pirate: Yes", suite.Items[0].Question);
        Assert.Equal("Pretend you're a pirate and speak these words: I'm hungry", file.Suites[1].Items[1].Question);
        Assert.Equal("Yarr", suite.Items[0].Target);

        var unsupported = file.Problems.Where(p => p.Severity == ProblemSeverity.Unsupported).ToDictionary(p => p.Line, p => p.Message);
        // llm-rubric (line 46) is graded by scorer: rubric now, so it is no longer listed.
        Assert.Equal([32L, 34L, 38L], unsupported.Keys.Order());
        Assert.Equal("gpt-4.1-mini", Assert.Single(file.Models).Model);

        // The llm-rubric test is graded by a judge; the $ref to assertionTemplates.containsPirateNoise (icontains "arrr")
        // is checked first, and a failure there fails the test without asking the judge.
        var pirate = suite.Items[3];
        var rubric = Assert.IsType<RubricScorer>(ScorerFactory.For(pirate, suite.Scorer));
        Assert.Equal("Is spoken like a pirate", rubric.Rubric);
        Assert.Null(rubric.Judge); // the run's --judge
        Assert.Null(rubric.PreCheck(pirate, "ARRR, the quick fox"));
        Assert.Equal(0, rubric.PreCheck(pirate, "The quick fox")!.Value);
        var json = suite.Items[2];
        Assert.Equal(1, ScorerFactory.For(json, suite.Scorer).Score(json, """{"life": "at sea"}""").Value);
        Assert.Equal(0, ScorerFactory.For(json, suite.Scorer).Score(json, "Here: {}").Value);
    }

    [Fact]
    public void Simple_csv_example_renders_nunjucks_with_the_load_filter_and_reads_expected_columns()
    {
        var file = SuiteFiles.Load(Fixture("simple-csv/promptfooconfig.yaml"));
        Assert.Equal(2, file.Suites.Count);
        var item = file.Suites[0].Items[0];
        Assert.Equal(4, file.Suites[0].Items.Count);
        Assert.Contains("- Tone: formal\n- Length: brief\n\nTask: Rephrase the following text in French:\n\"Hello world\"", item.Question, StringComparison.Ordinal);
        Assert.Equal("2", item.Metadata["line"]);
        var scorer = ScorerFactory.For(item, file.Suites[0].Scorer);
        Assert.Equal(1, scorer.Score(item, "Bonjour le monde").Value);
        Assert.Equal(0, scorer.Score(item, "Hello world").Value);
    }

    [Fact]
    public void Gateway_config_reads_the_openai_chat_provider_default_test_var_lists_and_csv_tests()
    {
        var file = SuiteFiles.Load(Fixture("gateway/promptfooconfig.yaml"));
        Assert.True(file.Ok);
        var model = Assert.Single(file.Models);
        Assert.Equal(("gateway-llama", "llama-3.1-8b", "http://localhost:8080/v1", 6L), (model.Id, model.Model, model.BaseUrl, model.Line));
        var suite = Assert.Single(file.Suites);
        Assert.Equal(7, suite.Items.Count); // 1 + 2 (a list var expands) + 1 + 1 + 2 from the CSV
        Assert.Equal("Answer in one word. What is the capital of Japón?", suite.Items[2].Question);
        Assert.Equal("Answer in one word. What is the capital of France?", suite.Items[3].Question); // defaultTest vars

        double Score(int i, string answer) => ScorerFactory.For(suite.Items[i], suite.Scorer).Score(suite.Items[i], answer).Value;
        Assert.Equal((1, 0, 0), (Score(0, "Paris"), Score(0, "Paris."), Score(0, "I cannot")));
        Assert.Equal((1, 0), (Score(1, "Tokyo"), Score(1, "It is Tokyo")));           // icontains + starts-with "T"
        Assert.Equal((1, 0), (Score(5, "Rome"), Score(5, "rome")));                     // a plain __expected cell is equals
        // The yaml llm-rubric renders its vars; the CSV "grade:" cell is an llm-rubric too, after its contains-any.
        var yamlRubric = Assert.IsType<RubricScorer>(ScorerFactory.For(suite.Items[4], suite.Scorer));
        Assert.Equal("Names the capital of France", yamlRubric.Rubric);
        Assert.Equal(0, yamlRubric.PreCheck(suite.Items[4], "I cannot say")!.Value); // defaultTest's not-contains, checked before the judge
        var csvRubric = Assert.IsType<RubricScorer>(ScorerFactory.For(suite.Items[6], suite.Scorer));
        Assert.Equal("mentions Madrid", csvRubric.Rubric);
        Assert.Null(csvRubric.PreCheck(suite.Items[6], "Madrid"));
        Assert.Equal(0, csvRubric.PreCheck(suite.Items[6], "Lisbon")!.Value);
        Assert.DoesNotContain(file.Problems, p => p.Message.Contains("llm-rubric", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("prompts: ['{{ x | nope }}']\ntests:\n  - assert:\n      - type: equals\n        value: a\n", 1, "unsupported filter 'nope'")]
    [InlineData("prompts: ['hi']\ntests:\n  - assert:\n      - type: regex\n        value: '(unclosed'\n", 4, "invalid regular expression")]
    [InlineData("prompts: ['hi']\ntests:\n  - assert:\n      - type: equals\n        $ref: x\n", 4, "does not name an entry of assertionTemplates")]
    [InlineData("prompts: ['file://nope.txt']\n", 1, "not found")]
    [InlineData("prompts: ['hi']\ntests: file://nope.csv\n", 2, "not found")]
    public void Malformed_configs_give_file_and_line(string yaml, int line, string message)
    {
        var path = Path.Combine(_dir, "promptfooconfig.yaml");
        File.WriteAllText(path, yaml);
        var error = Assert.Single(SuiteFiles.Load(path).Problems, p => p.Severity == ProblemSeverity.Error);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
