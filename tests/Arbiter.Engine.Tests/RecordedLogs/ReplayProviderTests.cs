using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Config;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Providers.Replay;
using Arbiter.Engine.RecordedLogs;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Runner;
using Arbiter.Storage;

namespace Arbiter.Engine.Tests.RecordedLogs;

/// <summary>
/// <c>provider: replay</c> in arbiter.yaml: <c>arbiter run</c> answers from a recorded log, Arbiter's scorers re-score
/// the answers, the samples keep the recorded score, and the report sets the two side by side, item by item.
/// </summary>
public sealed class ReplayProviderTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-replay-provider-").FullName;
    private readonly IArbiterStore _store;

    public ReplayProviderTests() => _store = RunStoreFactory.Open(null, Path.Combine(_dir, "arbiter.db"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static ArbiterConfig Parse(string yaml, string file) => ConfigLoader.Parse(new StringReader(yaml), file);

    [Fact]
    public void A_replay_entry_needs_a_log_relative_to_the_config_and_no_endpoint()
    {
        var file = Path.Combine(_dir, "arbiter.yaml");
        var cfg = Parse("models:\n  - id: recorded\n    provider: replay\n    log: logs/out.json\n    model: openai:gpt-5\n", file);

        var m = Assert.Single(cfg.Models);
        Assert.Equal(("replay", "local", "openai:gpt-5", true), (m.Provider, m.Jurisdiction, m.Model, m.IsReplay));
        Assert.Equal(Path.Combine(_dir, "logs", "out.json"), m.ReplayLog);

        var missing = Assert.Throws<ConfigException>(() => Parse("models:\n  - id: recorded\n    provider: replay\n", file));
        Assert.Equal(2L, missing.Line);
        Assert.Contains("model 'recorded' (provider: replay) needs 'log'", missing.Message, StringComparison.Ordinal);
        var endpoint = Assert.Throws<ConfigException>(() => Parse("models:\n  - id: recorded\n    provider: replay\n    log: a.jsonl\n    baseUrl: http://x\n", file));
        Assert.Equal(5L, endpoint.Line);
        Assert.Contains("baseUrl", endpoint.Message, StringComparison.Ordinal);
        // It answers from a file: nothing can call it.
        using var clients = new ChatClientFactory();
        var ex = Assert.Throws<ProviderConfigurationException>(() => clients.Create(m));
        Assert.Contains("answers from a recorded log", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_of_a_replay_model_rescores_the_log_keeps_the_recorded_scores_and_resumes()
    {
        await _store.MigrateAsync(Ct);
        var yaml = $"models:\n  - id: lm-eval-replay\n    provider: replay\n    log: {LmEvalSamplesReaderTests.Fixture}\n";
        var model = Assert.Single(Parse(yaml, Path.Combine(_dir, "arbiter.yaml")).Models);
        var log = await RecordedLogReader.ReadAsync(LmEvalSamplesReaderTests.Fixture, cancellationToken: Ct);
        var suite = ReplayRunner.SuiteOf(log);
        using var clients = new ChatClientFactory();
        var runner = new EvaluationRunner(_store, clients);

        var runs = await runner.RunAsync([new RunJob(suite, model)], new RunOptions(), new RunMonitor(), Ct);

        var run = Assert.Single(runs);
        Assert.Equal((RunStatus.Completed, "lm-eval-replay"), (run.Status, run.ModelId));
        var samples = await _store.ReadSamplesAsync(run.RunId, Ct).ToListAsync(Ct);
        var agreement = ReplayAgreement.FromSamples(run.RunId, samples)!;
        // Doc 9 answered " B" against B: lm-eval's exact_match recorded 0, Arbiter's scorer reads B — as `arbiter replay` says.
        Assert.Equal((2, 1, "exact_match"), (agreement.Compared, agreement.Agreed, agreement.RecordedScorer));
        var d = Assert.Single(agreement.Disagreements);
        Assert.Equal(("9", 0.0, 1.0), (d.ItemId, d.Recorded, d.Arbiter));

        // The same log again is the same run: nothing is added.
        var again = await runner.RunAsync([new RunJob(suite, model)], new RunOptions(), new RunMonitor(), Ct);
        Assert.Equal(run.RunId, again[0].RunId);
        Assert.Equal(2, (await _store.ReadSamplesAsync(run.RunId, Ct).ToListAsync(Ct)).Count);

        var report = ReportBuilder.Build([new RunData(run, samples)]);
        var replay = Assert.Single(report.Replays);
        Assert.Equal(("lm-eval-replay", 2), (replay.Model, replay.Agreement.Rows.Count));
        var md = MarkdownReportWriter.Render(report);
        Assert.Contains("## Agreement with recorded scores", md, StringComparison.Ordinal);
        Assert.Contains("agrees with the recorded exact_match on 1 of 2 samples (50.0%)", md, StringComparison.Ordinal);
        Assert.Contains("| 9 | 1 | 0.0 | 1 | ✗ |", md, StringComparison.Ordinal);
        Assert.Contains("\"replays\"", JsonReportWriter.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_log_at_the_same_path_is_another_run()
    {
        await _store.MigrateAsync(Ct);
        var path = Path.Combine(_dir, "samples_mmlu.jsonl");
        File.Copy(LmEvalSamplesReaderTests.Fixture, path);
        var model = Assert.Single(Parse($"models:\n  - id: r\n    provider: replay\n    log: {path}\n    model: LmEval\n", Path.Combine(_dir, "arbiter.yaml")).Models);
        var first = await ReplaySource.LoadAsync(model, Ct);
        var suite = ReplayRunner.SuiteOf(first.Model.Log);
        var a = RunPlan.For(new RunJob(suite, first.Spec), new RunOptions(), 0).Run.RunId;

        // The same path, one sample dropped: its content (and so the run) differs.
        await File.WriteAllLinesAsync(path, (await File.ReadAllLinesAsync(path, Ct)).Take(1), Ct);
        var second = await ReplaySource.LoadAsync(model, Ct);

        Assert.NotEqual(first.Spec.BaseUrl, second.Spec.BaseUrl);
        Assert.NotEqual(a, RunPlan.For(new RunJob(suite, second.Spec), new RunOptions(), 0).Run.RunId);
    }
}
