using Arbiter.Core.Runs;
using Arbiter.Storage;

namespace Arbiter.Cli.Tests.Cluster;

/// <summary>
/// Issue 17's soak test with real processes: three <c>arbiter worker</c>s on one PostgreSQL database, a run submitted
/// with <c>arbiter run --cluster</c>, and one worker after another killed with SIGKILL and restarted mid-run. The store
/// must end with exactly one sample per (run, model, item, epoch), and the loopback simulator — which sees every
/// worker's calls — must never have more calls in flight than the endpoint's configured concurrency.
/// </summary>
[Collection(nameof(ClusterSoakTests))]
public sealed class ClusterSoakTests
{
    private const int Items = 150;
    private const int Epochs = 2;
    private const int Cap = 6;
    private const int Kills = 3;

    [Fact]
    public async Task Workers_killed_repeatedly_mid_run_lose_and_duplicate_nothing_and_the_endpoint_cap_holds()
    {
        await using var db = await ClusterDatabase.CreateAsync();
        // 300 calls at 80 ms with 6 slots: about 4 s of calling when nothing is killed, so the kills land mid-run.
        await using var ws = await CliWorkspace.CreateAsync(Items, latencyMs: 80, concurrency: Cap);
        // A short budget lease so a killed worker's slots come back within the test (the default is 30 s).
        var workers = Enumerable.Range(0, 3).Select(_ => new WorkerProcess(ws.Dir, db.ConnectionString, "--lease-ttl", "5")).ToList();
        try
        {
            foreach (var w in workers) w.Start();
            foreach (var w in workers) await w.WaitJoinedAsync(TimeSpan.FromSeconds(60));

            await using var store = RunStoreFactory.Open(db.ConnectionString);
            await store.MigrateAsync();
            using var run = CliProcess.Start(ws.Dir, null, "run", "--cluster", "--database-url", db.ConnectionString,
                "--epochs", Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--shard-size", "10", "--format", "json");
            var kills = 0;
            var unstoredAtKills = 0L;
            var exited = run.WaitAsync(TimeSpan.FromSeconds(240));
            for (var target = 40L; kills < Kills && !exited.IsCompleted; target += 50)
            {
                // Kill after the cluster has made some progress since the last kill (so each kill lands mid-run).
                while (ws.Server.Stats.TotalChatRequests < target && !exited.IsCompleted) await Task.Delay(20);
                if (exited.IsCompleted) break;
                // Every call made and not yet stored when the worker dies may be made again (it was in flight
                // somewhere, or answered but not committed): stored before the kill, called after it, over-counts that.
                var storedBefore = await StoredAsync(store);
                var victim = workers[kills % workers.Count];
                victim.Kill();
                unstoredAtKills += ws.Server.Stats.TotalChatRequests - storedBefore;
                kills++;
                victim.Start();
            }

            string Details() => $"{ws.Server.Stats.TotalChatRequests} calls, {kills} kills; run stderr:\n{run.StdErr}\nworkers:\n" +
                string.Join("\n---\n", workers.Select(w => w.Output[^Math.Min(w.Output.Length, 3000)..]));
            int code;
            try
            {
                code = await exited;
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the run did not finish within 240 s: {Details()}");
                throw;
            }

            Assert.True(code == 0, $"run exited {code}: {Details()}");
            Assert.True(kills == Kills, $"the run finished after {kills} kills; slow the simulated server down");
            // Orleans warns about every reset connection and late response while a worker dies; the CLI keeps that off stderr.
            Assert.DoesNotContain("warn:", run.StdErr, StringComparison.Ordinal);

            var runs = new List<RunRecord>();
            await foreach (var r in store.ListRunsAsync()) runs.Add(r);
            var stored = Assert.Single(runs);
            Assert.Equal(RunStatus.Completed, stored.Status);
            var samples = new List<SampleRecord>();
            await foreach (var s in store.ReadSamplesAsync(stored.RunId)) samples.Add(s);
            Assert.Equal(Items * Epochs, samples.Count);
            Assert.Equal(Items * Epochs, samples.Select(s => (s.ItemId, s.Epoch)).Distinct().Count());
            Assert.All(samples, s => Assert.Null(s.Response.Error)); // a killed worker's calls are not stored as failures

            // Requested once, except what a killed worker had called and not yet stored.
            Assert.InRange(ws.Server.Stats.TotalChatRequests, Items * Epochs, (Items * Epochs) + unstoredAtKills);
            Assert.InRange(ws.Server.Stats.PeakInFlight, 1, Cap);
        }
        finally
        {
            foreach (var w in workers) w.Dispose();
        }
    }

    private static async Task<long> StoredAsync(Core.Storage.IRunStore store)
    {
        long stored = 0;
        await foreach (var run in store.ListRunsAsync())
        {
            stored += (await store.SummarizeAsync(run.RunId))?.Samples ?? 0;
        }

        return stored;
    }
}

/// <summary>Four processes and PostgreSQL on a 2-core machine: the soak test runs alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(ClusterSoakTests), DisableParallelization = true)]
public sealed class ClusterSoakRunsAlone;
