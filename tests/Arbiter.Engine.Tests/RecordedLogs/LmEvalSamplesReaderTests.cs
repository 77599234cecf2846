using Arbiter.Engine.RecordedLogs;
using Arbiter.Engine.RecordedLogs.LmEval;

namespace Arbiter.Engine.Tests.RecordedLogs;

public sealed class LmEvalSamplesReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "LmEval", "samples_mmlu_generative_issue2279.jsonl");

    [Fact]
    public async Task Real_logged_samples_give_prompt_raw_answer_target_and_the_recorded_metric()
    {
        var log = await RecordedLogReader.ReadAsync(Fixture, cancellationToken: Ct);

        Assert.Equal(("lm-eval-samples", "mmlu_generative_issue2279", "LmEval", "exact_match"), (log.Format, log.Task, log.Model, log.Scorer));
        Assert.Equal(["9", "0"], log.Samples.Select(s => s.Id));
        var kant = log.Samples[0];
        Assert.Equal((" B", "B", 0.0, " B"), (kant.Answer, kant.Targets[0], kant.Score!.Value, kant.Score.Extracted));
        Assert.StartsWith("The following are multiple choice questions (with answers) about philosophy.", kant.Question, StringComparison.Ordinal);
        Assert.EndsWith("Answer:", kant.Question, StringComparison.Ordinal);
        Assert.Equal("philosophy", kant.Metadata["subject"]);
    }

    [Fact]
    public async Task A_loglikelihood_doc_answers_with_the_letter_of_its_most_likely_continuation()
    {
        // The shape lm_eval/evaluator.py logs for a multiple_choice task (one request per choice, [ll, is_greedy] each).
        var path = Path.Combine(Directory.CreateTempSubdirectory("arbiter-lmeval-").FullName, "samples_arc_easy_2026-01-02T03-04-05.678901.jsonl");
        await File.WriteAllTextAsync(path, """
            {"doc_id": 3, "doc": {"question": "Which is a gas?"}, "target": "1", "arguments": {"gen_args_0": {"arg_0": "Question: Which is a gas?\nAnswer:", "arg_1": " ice"}, "gen_args_1": {"arg_0": "Question: Which is a gas?\nAnswer:", "arg_1": " steam"}}, "resps": [[[-4.5, false]], [[-0.7, true]]], "filtered_resps": [[-4.5, false], [-0.7, true]], "filter": "none", "metrics": ["acc", "acc_norm"], "acc": 1.0, "acc_norm": 1.0}
            {"doc_id": 3, "doc": {"question": "Which is a gas?"}, "target": "1", "arguments": {"gen_args_0": {"arg_0": "x", "arg_1": " ice"}}, "resps": [[[-1.0, true]]], "filtered_resps": [[-1.0, true]], "filter": "other", "metrics": ["acc"], "acc": 0.0}

            """, Ct);

        var log = await RecordedLogReader.ReadAsync(path, model: "pythia", cancellationToken: Ct);

        var s = Assert.Single(log.Samples); // the same doc under a second filter keeps its first line
        Assert.Equal(("arc_easy", "pythia", "acc"), (log.Task, log.Model, log.Scorer));
        Assert.Equal(("B", "B", 1.0), (s.Answer, s.Targets[0], s.Score!.Value));
        Assert.Equal(["ice", "steam"], s.Choices);
    }

    [Fact]
    public async Task A_bad_line_is_named_by_number()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("arbiter-lmeval-").FullName, "samples_x.jsonl");
        await File.WriteAllLinesAsync(path, [(await File.ReadAllLinesAsync(Fixture, Ct))[0], """{"doc_id": 1, "target": "A", "resps": [["A"]]}"""], Ct);

        var ex = await Assert.ThrowsAsync<LogFormatException>(() => LmEvalSamplesReader.ReadAsync(path, cancellationToken: Ct));
        Assert.Equal($"{path}: line 2: field 'arguments' has no gen_args_0.arg_0 prompt", ex.Message);
    }
}
