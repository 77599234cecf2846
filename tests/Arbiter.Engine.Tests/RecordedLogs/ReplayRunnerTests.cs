using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers.Replay;
using Arbiter.Engine.RecordedLogs;
using Arbiter.Engine.RecordedLogs.Inspect;
using Arbiter.Storage;
using static Arbiter.Engine.Tests.RecordedLogs.ZipFixtures;

namespace Arbiter.Engine.Tests.RecordedLogs;

public sealed class ReplayRunnerTests : IAsyncDisposable
{
    private readonly IArbiterStore _store = RunStoreFactory.Open(null, Path.Combine(Directory.CreateTempSubdirectory("arbiter-replay-").FullName, "arbiter.db"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Replaying_the_lm_eval_log_finds_the_leading_space_answer_lm_eval_scored_wrong()
    {
        await _store.MigrateAsync(Ct);
        var log = await RecordedLogReader.ReadAsync(LmEvalSamplesReaderTests.Fixture, cancellationToken: Ct);

        var agreement = await ReplayRunner.RunAsync(_store, ReplayRunner.SuiteOf(log), new ReplayModel(log), cancellationToken: Ct);

        // Doc 9: " B" against target B. lm-eval's exact_match said 0 (the issue); Arbiter's scorer reads B.
        Assert.Equal((2, 1, 50.0), (agreement.Compared, agreement.Agreed, agreement.AgreePercent));
        var d = Assert.Single(agreement.Disagreements);
        Assert.Equal(("9", 0.0, 1.0, "B"), (d.ItemId, d.Recorded, d.Arbiter, d.Extracted));
        var run = await _store.GetRunAsync(agreement.RunId, Ct);
        Assert.Equal(("replay:LmEval", RunStatus.Completed, 2), (run!.ModelId, run.Status, run.ItemCount));
    }

    [Fact]
    public async Task Inspect_recorded_scores_agree_with_arbiters_choice_and_contains_scorers_on_real_logs()
    {
        await _store.MigrateAsync(Ct);
        var mmlu = await InspectLogReader.ReadAsync(Inspect("mmlu-summary-choices.eval"), Ct);
        var streaming = await InspectLogReader.ReadAsync(Inspect("log_streaming.eval"), Ct);

        var a = await ReplayRunner.RunAsync(_store, ReplayRunner.SuiteOf(mmlu), new ReplayModel(mmlu), cancellationToken: Ct);
        var b = await ReplayRunner.RunAsync(_store, ReplayRunner.SuiteOf(streaming), new ReplayModel(streaming), cancellationToken: Ct);

        Assert.Equal((1, 1, "C"), (a.Compared, a.Agreed, a.Rows[0].Extracted)); // "ANSWER: C" against A: both say wrong
        Assert.Equal((4, 4), (b.Compared, b.Agreed));
        Assert.Equal(["1/0 0", "2/0 1", "1/1 1", "2/1 1"], b.Rows.Select(r => $"{r.ItemId}/{r.Epoch} {r.Arbiter}"));
    }

    [Fact]
    public async Task Items_are_matched_by_question_text_when_ids_differ_and_a_missing_item_is_a_recorded_failed_call()
    {
        await _store.MigrateAsync(Ct);
        var log = await RecordedLogReader.ReadAsync(LmEvalSamplesReaderTests.Fixture, cancellationToken: Ct);
        var noMeta = new Dictionary<string, string>();
        // The user's own suite: its ids are not lm-eval's doc ids, its question is the bare question inside the few-shot prompt.
        var suite = new Suite("kant", "1", "general", "en", Confidentiality.Public, new ScorerSpec("contains"),
        [
            new SuiteItem("kant-1", [new ChatTurn("user", "According to Kant,   morality requires us to:")], null, "B", null, noMeta),
            new SuiteItem("absent", [new ChatTurn("user", "What is the capital of Peru?")], null, "Lima", null, noMeta),
        ]);

        var agreement = await ReplayRunner.RunAsync(_store, suite, new ReplayModel(log), cancellationToken: Ct);

        Assert.Equal(" B", agreement.Rows[0].Answer);
        Assert.Equal(1.0, agreement.Rows[0].Arbiter);
        Assert.Equal(1, agreement.Unanswered);
        Assert.Contains("item 'absent' (epoch 1) is not in the recorded log samples_mmlu_generative_issue2279.jsonl", agreement.Rows[1].Explanation, StringComparison.Ordinal);
        var stored = await _store.ReadSamplesAsync(agreement.RunId, Ct).ToListAsync(Ct);
        var failed = Assert.Single(stored, s => s.ItemId == "absent");
        Assert.Equal((SampleStatus.Error, ErrorKind.Permanent), (failed.Response.Status, failed.Response.ErrorKind));

        // A second replay of the same log and suite is the same run and adds nothing.
        var again = await ReplayRunner.RunAsync(_store, suite, new ReplayModel(log), cancellationToken: Ct);
        Assert.Equal(agreement.RunId, again.RunId);
        Assert.Equal(2, await _store.ReadSamplesAsync(agreement.RunId, Ct).CountAsync(Ct));
    }
}
