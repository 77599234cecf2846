using Arbiter.Cluster.Runs;
using Arbiter.Core.Runs;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;

namespace Arbiter.Cluster.Tests.Runs;

public sealed class ClusterRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RunOptions Options => new(Retry: new RetryOptions(2, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)));

    [Fact]
    public async Task A_run_sharded_over_three_silos_calls_each_item_once_and_never_exceeds_the_endpoint_cap()
    {
        const int cap = 3;
        var suite = ShardCluster.MakeSuite(60);
        await using var cluster = await ShardCluster.StartAsync(suite, latencyMs: 40);
        var runner = new ClusterRunner(cluster.Cluster.Client, cluster.Store, new ClusterRunSettings(ShardSize: 8, PollInterval: TimeSpan.FromMilliseconds(50)));
        var monitor = new RunMonitor();
        var runs = await runner.RunAsync([new RunJob(suite, cluster.Model(cap))], Options, monitor, Ct);

        var run = Assert.Single(runs);
        Assert.Equal(RunStatus.Completed, run.Status);
        var samples = await cluster.SamplesAsync(run.RunId);
        Assert.Equal(60, samples.Select(s => s.ItemId).Distinct().Count());
        Assert.Equal(60, cluster.Server.Stats.TotalChatRequests); // once per item, across three silos
        Assert.InRange(cluster.Server.Stats.PeakInFlight, 2, cap); // shared out, never over the cap
        Assert.Equal(60, monitor.Total);
        Assert.Equal(60, monitor.Done);
    }

    [Fact]
    public async Task A_silo_killed_mid_run_loses_no_sample_and_its_shards_resume_elsewhere_without_calling_stored_items_again()
    {
        const int cap = 4;
        const int items = 90;
        var suite = ShardCluster.MakeSuite(items);
        await using var cluster = await ShardCluster.StartAsync(suite, latencyMs: 60);
        var runner = new ClusterRunner(cluster.Cluster.Client, cluster.Store, new ClusterRunSettings(ShardSize: 6, MaxActiveShards: 6, PollInterval: TimeSpan.FromMilliseconds(50)));
        var monitor = new RunMonitor();
        var running = runner.RunAsync([new RunJob(suite, cluster.Model(cap))], Options, monitor, Ct);
        while (cluster.Server.Stats.TotalChatRequests < 25 && !running.IsCompleted) await Task.Delay(10, Ct);
        await cluster.Cluster.KillSiloAsync(cluster.Cluster.SecondarySilos[^1]);
        var runs = await running.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        var run = Assert.Single(runs);
        Assert.Equal(RunStatus.Completed, run.Status);
        var samples = await cluster.SamplesAsync(run.RunId);
        Assert.Equal(items, samples.Count);
        Assert.Equal(items, samples.Select(s => (s.ItemId, s.Epoch)).Distinct().Count());
        // Only calls in flight on the killed silo may be made twice.
        Assert.InRange(cluster.Server.Stats.TotalChatRequests, items, items + cap);
        // The killed silo's calls are cancelled while the simulator may not yet have seen the connections close: their
        // leases are abandoned, not returned, and count until they expire, so no other silo's call takes those slots early.
        Assert.InRange(cluster.Server.Stats.PeakInFlight, 1, cap);
    }

    [Fact]
    public async Task A_run_whose_lease_another_process_holds_is_refused_before_any_shard_starts()
    {
        var suite = ShardCluster.MakeSuite(12);
        await using var cluster = await ShardCluster.StartAsync(suite, latencyMs: 10);
        var job = new RunJob(suite, cluster.Model(2));
        var runId = RunPlan.For(job, Options, 0).Run.RunId;
        await using var other = new RunLeaseHolder(cluster.Store); // a local run, or a second coordinator, of the same run
        await other.AcquireAsync(runId, Ct);

        var runner = new ClusterRunner(cluster.Cluster.Client, cluster.Store, new ClusterRunSettings(ShardSize: 4, PollInterval: TimeSpan.FromMilliseconds(50)));
        await Assert.ThrowsAsync<RunLeaseHeldException>(() => runner.RunAsync([job], Options, new RunMonitor(), Ct));
        Assert.Equal(0, cluster.Server.Stats.TotalChatRequests);
    }
}
