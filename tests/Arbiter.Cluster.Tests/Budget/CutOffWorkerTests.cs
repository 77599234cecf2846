using System.Collections.Concurrent;
using System.Diagnostics;
using Arbiter.Cluster.Budget;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Arbiter.Cluster.Tests.Budget;

/// <summary>
/// A worker whose silo can no longer reach the budget grain (every call to it fails, as across a partition) while another
/// worker still can: the calls in flight on both together stay within the endpoint's cap.
/// </summary>
[Collection(SharedBudgetSilos.Name)] // its own cluster, but timed like the budget tests: not beside their busy callers
public sealed class CutOffWorkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_cut_off_from_the_budget_grain_ends_its_calls_before_the_grain_gives_their_slots_to_another_worker()
    {
        // Its own cluster: one silo gets cut off from the budget grain.
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<PartitionableSilo>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var silos = cluster.Silos.Cast<InProcessSiloHandle>().ToList();
        const int cap = 3;
        var settings = new BudgetSettings(cap, cap, TimeSpan.FromSeconds(1.5));
        var cut = silos[1];
        var a = new ClusterConcurrencyLimiter(cut.ServiceProvider.GetRequiredService<IGrainFactory>(), "cut-off", settings);
        var b = new ClusterConcurrencyLimiter(silos[0].ServiceProvider.GetRequiredService<IGrainFactory>(), "cut-off", settings,
            pollWait: TimeSpan.FromMilliseconds(300));
        var load = new CallLoad();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        // A alone: nobody else waits, so it keeps the whole cap and serves its calls by hand-off.
        var aCalls = Enumerable.Range(0, 4).Select(_ => load.CallLoopAsync(a, 0, stop.Token, retryUnreachable: true)).ToList();
        await EndpointBudgetGrainTests.WaitUntilAsync(() => Task.FromResult(a.Held == cap && a.HandOffs > 10), TimeSpan.FromSeconds(10));
        Assert.Equal(cap, a.Held);
        await Task.Delay(BudgetTiming.RenewInterval(settings.LeaseTtl) * 2, Ct); // renewals have told A that nobody else waits

        // A's silo loses the grain: A's renewals fail, and its leases expire at the grain, which grants their slots to B.
        PartitionFilter.Cut(cut.SiloAddress);
        var bCalls = Enumerable.Range(0, 5).Select(_ => load.CallLoopAsync(b, 1, stop.Token)).ToList();
        var clock = Stopwatch.StartNew();
        await EndpointBudgetGrainTests.WaitUntilAsync(() => Task.FromResult(load.Done[1] > 50), TimeSpan.FromSeconds(10));
        var bBusy = clock.Elapsed;
        await Task.Delay(500, Ct);
        await stop.CancelAsync();
        await Task.WhenAll(aCalls.Concat(bCalls)).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        PartitionFilter.Heal(cut.SiloAddress);

        Assert.True(load.Done[1] > 50, $"B made {load.Done[1]} calls in {bBusy}");
        Assert.InRange(load.Peak, 1, cap); // A's calls on expired leases and B's calls on their slots never overlap
        Assert.Equal(0, a.Held); // its leases went stale: none left to reuse
        Assert.True(load.Failed[0] > 0, "A's requests to the grain did not fail"); // its calls then asked the unreachable grain
        await a.DisposeAsync();
        await b.DisposeAsync();
    }

    private sealed class PartitionableSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddOutgoingGrainCallFilter<PartitionFilter>();
    }

    /// <summary>Fails every call from a cut-off silo to a budget grain, as a partition would (after Orleans' response timeout).</summary>
    private sealed class PartitionFilter(ILocalSiloDetails silo) : IOutgoingGrainCallFilter
    {
        private static readonly ConcurrentDictionary<SiloAddress, bool> CutOff = new();

        public static void Cut(SiloAddress silo) => CutOff[silo] = true;

        public static void Heal(SiloAddress silo) => CutOff.TryRemove(silo, out _);

        public Task Invoke(IOutgoingGrainCallContext context)
        {
            if (CutOff.ContainsKey(silo.SiloAddress) && context.InterfaceMethod?.DeclaringType == typeof(IEndpointBudgetGrain))
            {
                throw new TimeoutException("The budget grain is unreachable from this silo.");
            }

            return context.Invoke();
        }
    }
}
