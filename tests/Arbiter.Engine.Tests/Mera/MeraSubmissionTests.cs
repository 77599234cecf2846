using System.IO.Compression;
using System.Text.Json;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Mera;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Tests.Runner;
using Arbiter.Simulator;
using Arbiter.Storage;

namespace Arbiter.Engine.Tests.Mera;

public sealed class MeraSubmissionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hidden_answer_task_runs_unscored_shows_no_accuracy_and_exports_in_meras_submission_layout()
    {
        var parus = MeraTaskLoader.Load(MeraTaskLoaderTests.Fixture(Path.Combine("PARus", "task.json")));
        var train = MeraTaskLoader.Load(MeraTaskLoaderTests.Fixture("ruMMLU.json"), "train");
        await using var server = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Models = [SimModelProfile.Simple("sim-mera", 0.9)],
            Knowledge = SimKnowledge.FromSuites([parus, train]),
        });
        var dir = Directory.CreateTempSubdirectory("arbiter-mera-").FullName;
        await using var store = RunStoreFactory.Open(null, Path.Combine(dir, "arbiter.db"));
        await store.MigrateAsync(Ct);
        using var clients = new ChatClientFactory();
        var model = new SimHarnessModel(server).Spec;

        var runs = await new EvaluationRunner(store, clients).RunAsync([new RunJob(parus, model), new RunJob(train, model)],
            new RunOptions(Retry: SimHarness.FastRetry()), new RunMonitor(), Ct);

        var submit = runs.Single(r => r.SuiteId == "mera-PARus");
        Assert.Equal((RunKind.Submission, RunStatus.Completed), (submit.Kind, submit.Status));
        var sample = Assert.Single(await store.ReadSamplesAsync(submit.RunId, Ct).ToListAsync(Ct));
        Assert.Null(sample.Score);
        Assert.True((await RunResults.ComputeAsync(store, submit, Ct)).Accuracy.IsEmpty); // no accuracy, not 0%
        Assert.DoesNotContain(await new RunFilter().LoadAsync(store, Ct), r => r.Run.RunId == submit.RunId);
        // The train split has answers: an ordinary scored benchmark run.
        var scored = runs.Single(r => r.SuiteId == "mera-ruMMLU");
        Assert.Equal(RunKind.Benchmark, scored.Kind);
        Assert.NotNull(Assert.Single(await store.ReadSamplesAsync(scored.RunId, Ct).ToListAsync(Ct)).Score);

        using var zipBytes = new MemoryStream();
        var tasks = await MeraSubmission.WriteAsync(store, model.Id, zipBytes, Ct);

        Assert.Equal(["PARus", "ruMMLU"], tasks.Select(t => t.Task));
        using var zip = new ZipArchive(new MemoryStream(zipBytes.ToArray()));
        Assert.Equal(["PARus.json", "ruMMLU.json"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(zip.GetEntry("PARus.json")!.Open());
        using var json = JsonDocument.Parse(await reader.ReadToEndAsync(Ct));
        // As in MERA's modules/scoring/examples/sample_submission.zip: {"data": {"test": [{"outputs": "1", "meta": {"id": 0}}]}}.
        var row = Assert.Single(json.RootElement.GetProperty("data").GetProperty("test").EnumerateArray().ToList());
        Assert.Equal(JsonValueKind.String, row.GetProperty("outputs").ValueKind);
        Assert.Equal(sample.Response.Text!.Trim(), row.GetProperty("outputs").GetString());
        Assert.Equal(72, row.GetProperty("meta").GetProperty("id").GetInt32());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private sealed class SimHarnessModel(SimulatedModelServer server)
    {
        public Core.Models.ModelSpec Spec { get; } = new("sim-mera", "openai", server.BaseUrl.ToString().TrimEnd('/'), "sim-mera", null, "local", null, null, null,
            Core.Models.GenerationParameters.Default) { Timeout = TimeSpan.FromSeconds(10) };
    }
}
