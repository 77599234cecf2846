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
}
