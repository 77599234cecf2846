using System.Diagnostics;
using Orleans.Core.Internal;
using Arbiter.Cluster.Budget;

namespace Arbiter.Cluster.Tests.Budget;

[Collection(SharedBudgetSilos.Name)]
public sealed class EndpointBudgetGrainTests(ThreeSiloCluster fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Leases_summed_over_callers_on_three_silos_never_exceed_the_endpoint_concurrency()
    {
        const int max = 4;
        var settings = new BudgetSettings(max, max, TimeSpan.FromSeconds(10));
        var limiters = fixture.SiloFactories.Select(f => new ClusterConcurrencyLimiter(f, "cap-sum", settings)).ToList();
        var inFlight = 0;
        var peak = 0;
        var calls = 0;

        // 3 silos × 6 concurrent callers × 5 calls of 15 ms, against 4 slots.
        var workers = limiters.SelectMany(limiter => Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await limiter.AcquireAsync(Ct);
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                await Task.Delay(15, Ct);
                Interlocked.Decrement(ref inFlight);
                Interlocked.Increment(ref calls);
                await limiter.ReleaseAsync(null);
            }
        }, Ct))).ToList();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(90, calls);
        Assert.InRange(peak, 2, max); // never above the cap, and the budget is really shared out (not serialised to one)
        // The last leases may linger at their holders for a moment (LeaseReuse.Linger) before going back.
        var grain = fixture.Cluster.Client.GetGrain<IEndpointBudgetGrain>("cap-sum");
        await WaitUntilAsync(async () => (await grain.GetSnapshotAsync()).Leased == 0, TimeSpan.FromSeconds(3));
        Assert.Equal(0, (await grain.GetSnapshotAsync()).Leased);
        foreach (var limiter in limiters) await limiter.DisposeAsync();
    }

    [Fact]
    public async Task A_throttle_reported_on_one_silo_halves_the_budget_for_every_silo_and_successes_grow_it_back()
    {
        var settings = new BudgetSettings(8, 8, TimeSpan.FromSeconds(10));
        await using var a = new ClusterConcurrencyLimiter(fixture.SiloFactories[0], "aimd", settings);
        await using var b = new ClusterConcurrencyLimiter(fixture.SiloFactories[1], "aimd", settings);
        var grain = fixture.Cluster.Client.GetGrain<IEndpointBudgetGrain>("aimd");

        await a.AcquireAsync(Ct);
        await a.ReleaseAsync(false); // a 429 on silo 0
        Assert.Equal(4, (await grain.GetSnapshotAsync()).Limit);

        // Silo 1 now gets only 4 slots; a fifth waits.
        for (var i = 0; i < 4; i++) await b.AcquireAsync(Ct);
        var fifth = b.AcquireAsync(Ct).AsTask();
        await Task.Delay(200, Ct);
        Assert.False(fifth.IsCompleted);

        // Congestion avoidance after the halving: +1/limit per success, so about one slot per window
        // (4 + 1/4 + 1/4.25 + 1/4.49 + 1/4.71 = 4.92 after four, 5.12 after five).
        for (var i = 0; i < 4; i++) await b.ReleaseAsync(true);
        await fifth.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(4, (await grain.GetSnapshotAsync()).Limit);
        await b.ReleaseAsync(true);
        // The first success went to the fifth call by hand-off, so it reaches the grain with the next renewal.
        await WaitUntilAsync(async () => (await grain.GetSnapshotAsync()).Limit == 5, TimeSpan.FromSeconds(3));
        Assert.Equal(5, (await grain.GetSnapshotAsync()).Limit);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition() && clock.Elapsed < limit) await Task.Delay(20, Ct);
    }

    [Fact]
    public async Task A_lease_whose_holder_vanished_is_reclaimed_after_it_expires()
    {
        var ttl = TimeSpan.FromMilliseconds(600);
        var settings = new BudgetSettings(2, 2, ttl);
        var grain = fixture.SiloFactories[2].GetGrain<IEndpointBudgetGrain>("reclaim");

        // A holder on silo 2 takes both slots and then dies: it never renews nor releases.
        var ghost = new LeaseRequest("dead-node", settings, TimeSpan.FromSeconds(1));
        Assert.NotNull(await grain.AcquireAsync(ghost));
        Assert.NotNull(await grain.AcquireAsync(ghost));

        // A live holder on silo 0 waits until the dead one's leases expire, not forever and not sooner.
        await using var live = new ClusterConcurrencyLimiter(fixture.SiloFactories[0], "reclaim", settings, pollWait: TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();
        await live.AcquireAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.InRange(clock.Elapsed, ttl * 0.5, TimeSpan.FromSeconds(3));
        await live.AcquireAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(2, live.Held);
    }

    [Fact]
    public async Task A_live_holder_keeps_its_leases_past_their_lifetime_by_renewing_them()
    {
        var ttl = TimeSpan.FromMilliseconds(450);
        var settings = new BudgetSettings(1, 1, ttl);
        await using var holder = new ClusterConcurrencyLimiter(fixture.SiloFactories[1], "renew", settings);
        await using var other = new ClusterConcurrencyLimiter(fixture.SiloFactories[2], "renew", settings, pollWait: TimeSpan.FromMilliseconds(100));

        await holder.AcquireAsync(Ct);
        var waiting = other.AcquireAsync(Ct).AsTask();
        await Task.Delay(ttl * 3, Ct); // a slow call, three lifetimes long
        Assert.False(waiting.IsCompleted, $"{waiting.Status} {waiting.Exception?.InnerException?.Message}");

        await holder.ReleaseAsync(true);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await other.ReleaseAsync(null);
    }

    [Fact]
    public async Task A_budget_grain_that_lost_its_table_grants_nothing_until_live_holders_have_re_adopted_their_leases()
    {
        // The same as the silo hosting the grain dying: the next activation starts with an empty lease table.
        var settings = new BudgetSettings(2, 2, TimeSpan.FromSeconds(3));
        await using var holder = new ClusterConcurrencyLimiter(fixture.SiloFactories[0], "moved", settings);
        await using var other = new ClusterConcurrencyLimiter(fixture.SiloFactories[1], "moved", settings, pollWait: TimeSpan.FromMilliseconds(200));
        await holder.AcquireAsync(Ct);
        await holder.AcquireAsync(Ct); // both slots, calls in flight
        var grain = fixture.Cluster.Client.GetGrain<IEndpointBudgetGrain>("moved");
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(100, Ct);

        var waiting = other.AcquireAsync(Ct).AsTask();
        await Task.Delay(BudgetTiming.Grace(settings.LeaseTtl) * 3, Ct);
        Assert.False(waiting.IsCompleted); // re-adopted by renewal: the cap still holds
        Assert.Equal(2, (await grain.GetSnapshotAsync()).Leased);

        await holder.ReleaseAsync(true);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await holder.ReleaseAsync(null);
        await other.ReleaseAsync(null);
    }

    [Fact]
    public async Task A_caller_that_gives_up_waiting_leaves_no_slot_behind()
    {
        var settings = new BudgetSettings(1, 1, TimeSpan.FromSeconds(10));
        await using var a = new ClusterConcurrencyLimiter(fixture.SiloFactories[0], "cancel", settings, pollWait: TimeSpan.FromMilliseconds(300));
        await using var b = new ClusterConcurrencyLimiter(fixture.SiloFactories[1], "cancel", settings, pollWait: TimeSpan.FromMilliseconds(300));
        await a.AcquireAsync(Ct);

        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        giveUp.CancelAfter(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await b.AcquireAsync(giveUp.Token));

        await a.ReleaseAsync(null);
        await a.AcquireAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(0, b.Held);
        await a.ReleaseAsync(null);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var prior = Interlocked.CompareExchange(ref target, value, seen);
            if (prior == seen) return;
            seen = prior;
        }
    }
}
