using Arbiter.Core.Runs;
using Arbiter.Simulator;
using Arbiter.Storage;

namespace Arbiter.Cli.Tests;

/// <summary>
/// <c>scorer: rubric</c> through the CLI: a resume keeps the run's judge and calls nothing twice, and <c>--retry-errors</c>
/// asks the judge again for the answers whose judge call failed (their answers come from the cache).
/// </summary>
public sealed class RubricResumeCliTests
{
    private const int Items = 6;

    // The judge endpoint answers 500 to the first attempt of every request body; with maxRetries 0 the first grading fails.
    private static readonly SimModelProfile FlakyJudge = SimModelProfile.Simple("sim-judge", 0.9) with
    {
        Faults = new FaultProfile { FailFirstAttempts = 1, ForcedFault = SimFault.ServerError },
    };

    private const string JudgeEntry = "  - id: judge\n    baseUrl: {baseUrl}\n    model: sim-judge\n    jurisdiction: local\n  - id: other-judge\n    baseUrl: {baseUrl}\n    model: sim-cli\n    jurisdiction: local";

    [Fact]
    public async Task A_rubric_run_resumes_with_its_judge_and_retry_errors_asks_the_judge_again_for_failed_calls_only()
    {
        await using var ws = await CliWorkspace.CreateAsync(Items, modelExtra: JudgeEntry, extraModels: [FlakyJudge], maxRetries: 0);
        // The simulated judge passes an output holding the rubric's quoted phrase and fails it otherwise: a verdict either way.
        await File.WriteAllTextAsync(Path.Combine(ws.Dir, "suite", "suite.yaml"),
            "id: cli-suite\nversion: \"1\"\ndomain: science\nlanguage: en\nscorer:\n  kind: rubric\n  rubric: The reply names \"B\"\n  judge: judge\n");

        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet", "--model", "sim-cli");
        Assert.True(code == 0, err);
        Assert.Equal((Items, Items), (ws.Server.Stats.RequestsFor("sim-cli"), ws.Server.Stats.RequestsFor("sim-judge")));
        var (graded, judged) = await RunsAsync(ws);
        Assert.All(graded, s => Assert.Equal((SampleStatus.Ok, (ScoreResult?)null), (s.Response.Status, s.Score)));
        Assert.All(judged, s => Assert.Equal(SampleStatus.Error, s.Response.Status));

        // A plain resume, even asking for another judge, keeps the run's judge and calls nothing.
        var runId = graded[0].RunId;
        var (resumeCode, _, resumeErr) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet", "--resume", runId, "--judge", "other-judge");
        Assert.True(resumeCode == 0, resumeErr);
        Assert.Contains($"run {runId} was graded by judge 'judge' and is resumed with it (judge 'other-judge' is ignored)", resumeErr, StringComparison.Ordinal);
        Assert.Equal(2 * Items, ws.Server.Stats.TotalChatRequests);

        // --retry-errors: each failed judge call is made again (its second attempt succeeds); the answers come from the cache.
        var (retryCode, _, retryErr) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet", "--model", "sim-cli", "--retry-errors");
        Assert.True(retryCode == 0, retryErr);
        Assert.Equal((Items, 2L * Items), (ws.Server.Stats.RequestsFor("sim-cli"), ws.Server.Stats.RequestsFor("sim-judge")));
        (graded, judged) = await RunsAsync(ws);
        Assert.Equal(Items, graded.Count);
        Assert.All(graded, s => Assert.NotNull(s.Score));
        Assert.All(graded, s => Assert.Equal(runId, s.RunId));
        Assert.Equal(Items, judged.Count);
        Assert.All(judged, s => Assert.Equal(SampleStatus.Ok, s.Response.Status));

        // Nothing failed any more: a second --retry-errors calls nothing.
        var (againCode, _, againErr) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet", "--model", "sim-cli", "--retry-errors");
        Assert.True(againCode == 0, againErr);
        Assert.Equal(3 * Items, ws.Server.Stats.TotalChatRequests);
    }

    private static async Task<(List<SampleRecord> Graded, List<SampleRecord> Judged)> RunsAsync(CliWorkspace ws)
    {
        var graded = new List<SampleRecord>();
        var judged = new List<SampleRecord>();
        await using var store = RunStoreFactory.Open(null, ws.Db);
        await store.MigrateAsync();
        await foreach (var run in store.ListRunsAsync())
        {
            var into = run.Kind == RunKind.RubricJudge ? judged : graded;
            await foreach (var s in store.ReadSamplesAsync(run.RunId)) into.Add(s);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (graded, judged);
    }
}
