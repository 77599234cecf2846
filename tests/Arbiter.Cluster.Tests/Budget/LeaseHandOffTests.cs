using System.Diagnostics;
using Arbiter.Cluster.Budget;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Arbiter.Cluster.Tests.Budget;

/// <summary>A finished call's lease passed straight to the same holder's next call: the cap holds, nobody starves, a dead holder's leases expire.</summary>
[Collection(SharedBudgetSilos.Name)]
public sealed class LeaseHandOffTests(ThreeSiloCluster fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_workers_on_a_binding_cap_both_progress_hand_slots_off_locally_and_never_exceed_the_cap_together()
    {
        const int cap = 4;
        var settings = new BudgetSettings(cap, cap, TimeSpan.FromSeconds(3));
        var reuse = new LeaseReuse(8, TimeSpan.FromMilliseconds(300));
        await using var a = new ClusterConcurrencyLimiter(fixture.SiloFactories[0], "handoff-fair", settings, reuse: reuse);
        await using var b = new ClusterConcurrencyLimiter(fixture.SiloFactories[1], "handoff-fair", settings, reuse: reuse);
        var load = new CallLoad();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        // A alone first: nobody waits, so it keeps all four slots and serves its queue by hand-off.
        var aCalls = Enumerable.Range(0, 6).Select(_ => load.CallLoopAsync(a, 0, stop.Token)).ToList();
        await EndpointBudgetGrainTests.WaitUntilAsync(() => Task.FromResult(a.Held == cap && a.HandOffs > 20), TimeSpan.FromSeconds(10));
        Assert.Equal(cap, a.Held);
        var grantsBefore = a.HandOffs;

        // B arrives while A saturates the cap: the fairness bound must send A's leases back to the queue.
        var bStarted = Stopwatch.StartNew();
        var aDoneAtB = load.Done[0];
        var bCalls = Enumerable.Range(0, 6).Select(_ => load.CallLoopAsync(b, 1, stop.Token)).ToList();
        await EndpointBudgetGrainTests.WaitUntilAsync(() => Task.FromResult(load.Done[1] > 0), TimeSpan.FromSeconds(10));
        var bFirst = bStarted.Elapsed;
        await Task.Delay(2_000, Ct);
        await stop.CancelAsync();
        await Task.WhenAll(aCalls.Concat(bCalls)).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.InRange(load.Peak, 2, cap); // the two holders together, never above the cap
        Assert.InRange(bFirst, TimeSpan.Zero, TimeSpan.FromSeconds(3)); // renewal (≤ 1 s here) + hold bound + a call
        var aShare = load.Done[0] - aDoneAtB;
        var bShare = load.Done[1];
        Assert.True(bShare * 4 >= aShare, $"B made {bShare} calls against A's {aShare} after it arrived");
        Assert.True(aShare * 4 >= bShare, $"A made {aShare} calls against B's {bShare} after B arrived");
        Assert.True(a.HandOffs > grantsBefore && b.HandOffs > 0, $"hand-offs: A {a.HandOffs}, B {b.HandOffs}");
        await WaitForNoLeasesAsync("handoff-fair", a, b);
    }

    [Fact]
    public async Task A_throttle_returns_the_lease_instead_of_handing_it_off_and_the_budget_shrinks_to_the_new_limit()
    {
        var settings = new BudgetSettings(4, 4, TimeSpan.FromSeconds(3));
        await using var a = new ClusterConcurrencyLimiter(fixture.SiloFactories[2], "handoff-throttle", settings);
        var grain = fixture.Cluster.Client.GetGrain<IEndpointBudgetGrain>("handoff-throttle");
        for (var i = 0; i < 4; i++) await a.AcquireAsync(Ct);
        var queued = Enumerable.Range(0, 4).Select(_ => a.AcquireAsync(Ct).AsTask()).ToList();

        await a.ReleaseAsync(false); // a 429: the limit halves to 2 and this lease goes back
        Assert.Equal(2, (await grain.GetSnapshotAsync()).Limit);
        // Three leases are out against a limit of 2: the next release must not hand off either.
        await a.ReleaseAsync(null);
        var snapshot = await grain.GetSnapshotAsync();
        Assert.Equal(2, snapshot.Leased);
        Assert.Equal(2, a.Held);

        // At the limit again, finished calls hand their leases to the queued ones (no grant needed: the cap is full).
        await a.ReleaseAsync(null);
        await a.ReleaseAsync(null);
        await Task.WhenAll(queued.Take(2)).WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(2, (await grain.GetSnapshotAsync()).Leased);
        Assert.Equal(2, a.HandOffs);
        await a.ReleaseAsync(null);
        await a.ReleaseAsync(null);
        await Task.WhenAll(queued).WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(4, a.HandOffs);
        await a.ReleaseAsync(null);
        await a.ReleaseAsync(null);
        await WaitForNoLeasesAsync("handoff-throttle", a);
    }

    [Fact]
    public async Task A_dead_workers_handed_off_leases_come_back_after_their_lifetime()
    {
        // Its own cluster: a silo is killed. The holder dies on a silo that does not host the budget grain,
        // so the slots come back by lease expiry (not by the grain re-activating elsewhere).
        await using var cluster = new TestClusterBuilder(3).Build();
        await cluster.DeployAsync();
        var silos = cluster.Silos.Cast<InProcessSiloHandle>().ToList();
        const int cap = 3;
        var ttl = TimeSpan.FromSeconds(1);
        var settings = new BudgetSettings(cap, cap, ttl);
        var grain = cluster.Client.GetGrain<IEndpointBudgetGrain>("handoff-dead");
        await grain.GetSnapshotAsync();
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var host = (await management.GetDetailedGrainStatistics()).Single(s => s.GrainId == grain.GetGrainId()).SiloAddress;
        var doomed = silos.First(s => s.SiloAddress != host && s != cluster.Primary);
        var survivorSilo = silos.First(s => s.SiloAddress == host);
        var dying = new ClusterConcurrencyLimiter(doomed.ServiceProvider.GetRequiredService<IGrainFactory>(), "handoff-dead", settings);
        await using var survivor = new ClusterConcurrencyLimiter(survivorSilo.ServiceProvider.GetRequiredService<IGrainFactory>(), "handoff-dead", settings,
            pollWait: TimeSpan.FromMilliseconds(300));

        var load = new CallLoad();
        using var death = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var calls = Enumerable.Range(0, 5).Select(_ => load.CallLoopAsync(dying, 0, death.Token, returnOnStop: false)).ToList();
        await EndpointBudgetGrainTests.WaitUntilAsync(() => Task.FromResult(dying.Held == cap && dying.HandOffs > 10), TimeSpan.FromSeconds(10));
        Assert.Equal(cap, dying.Held);

        // The worker process dies: its calls stop where they are, and its silo with it (no renewal, no release).
        await death.CancelAsync();
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(5), Ct);
        // Its leases were renewed until the kill began, so they live at least a lifetime less one renewal interval after it.
        var clock = Stopwatch.StartNew();
        await cluster.KillSiloAsync(doomed);
        for (var i = 0; i < cap; i++) await survivor.AcquireAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(15), Ct);

        Assert.InRange(clock.Elapsed, ttl - BudgetTiming.RenewInterval(ttl), TimeSpan.FromSeconds(12));
        Assert.Equal(cap, (await grain.GetSnapshotAsync()).Leased); // the survivor's three, the dead worker's none
        for (var i = 0; i < cap; i++) await survivor.ReleaseAsync(null);
    }

    [Fact]
    public async Task An_abandoned_calls_lease_stays_counted_until_it_expires_and_is_neither_handed_off_nor_returned()
    {
        // A cancelled call may still be running at the endpoint (it learns of the cancellation when the connection's
        // close reaches it): its slot must not go to another call, here or on another worker, before its lease expires.
        const int cap = 2;
        var ttl = TimeSpan.FromSeconds(1);
        var settings = new BudgetSettings(cap, cap, ttl);
        await using var a = new ClusterConcurrencyLimiter(fixture.SiloFactories[0], "handoff-abandon", settings);
        await using var b = new ClusterConcurrencyLimiter(fixture.SiloFactories[1], "handoff-abandon", settings, pollWait: TimeSpan.FromMilliseconds(300));
        var grain = fixture.Cluster.Client.GetGrain<IEndpointBudgetGrain>("handoff-abandon");
        await a.AcquireAsync(Ct);
        await a.AcquireAsync(Ct);
        var aNext = a.AcquireAsync(Ct).AsTask(); // A's own next call waits for a slot
        var bNext = b.AcquireAsync(Ct).AsTask(); // and so does another worker's

        var clock = Stopwatch.StartNew();
        await a.AbandonAsync();
        Assert.Equal(1, a.Held);
        Assert.Equal(1, a.Abandoned);
        Assert.Equal(0, a.HandOffs);
        Assert.Equal(cap, (await grain.GetSnapshotAsync()).Leased);

        // Renewed until the abandonment, the lease lives at least a lifetime less one renewal interval after it.
        var first = await Task.WhenAny(aNext, bNext).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.InRange(clock.Elapsed, ttl - BudgetTiming.RenewInterval(ttl), TimeSpan.FromSeconds(8));
        Assert.Equal(cap, (await grain.GetSnapshotAsync()).Leased); // the kept lease and the one granted in its place
        await a.ReleaseAsync(true); // the other lease: the call still waiting gets it
        await Task.WhenAll(aNext, bNext).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await a.ReleaseAsync(true);
        await b.ReleaseAsync(true);
        await WaitForNoLeasesAsync("handoff-abandon", a, b);
    }

    [Fact]
    public async Task A_workers_shards_share_one_holder_per_endpoint_which_the_last_shard_disposes()
    {
        var endpoints = new WorkerEndpointLimiters();
        var model = new Arbiter.Core.Models.ModelSpec("shared-holder", "openai", "http://127.0.0.1:9", "m", null, "local", null, null, null,
            Arbiter.Core.Models.GenerationParameters.Default) { MaxConcurrency = 2 };
        var log = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var first = endpoints.Rent(fixture.SiloFactories[0], model, TimeSpan.FromSeconds(3), log);
        var second = endpoints.Rent(fixture.SiloFactories[0], model, TimeSpan.FromSeconds(3), log);
        Assert.Same(first, second);

        // A call of one shard hands its lease to the other shard's waiting call.
        await first.AcquireAsync(Ct);
        await first.AcquireAsync(Ct);
        var waiting = second.AcquireAsync(Ct).AsTask();
        await first.ReleaseAsync(true);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(1, first.HandOffs);
        await second.ReleaseAsync(true);
        await second.ReleaseAsync(true);

        await endpoints.ReturnAsync(first);
        await first.AcquireAsync(Ct); // still in use by the other shard
        await first.ReleaseAsync(null);
        await endpoints.ReturnAsync(second);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => first.AcquireAsync(Ct).AsTask());
        var next = endpoints.Rent(fixture.SiloFactories[0], model, TimeSpan.FromSeconds(3), log);
        Assert.NotSame(first, next);
        await endpoints.ReturnAsync(next);
        Assert.Equal(0, (await fixture.Cluster.Client.GetGrain<IEndpointBudgetGrain>("shared-holder").GetSnapshotAsync()).Leased);
    }

    private async Task WaitForNoLeasesAsync(string endpoint, params ClusterConcurrencyLimiter[] limiters)
    {
        foreach (var limiter in limiters) await limiter.DisposeAsync();
        var grain = fixture.Cluster.Client.GetGrain<IEndpointBudgetGrain>(endpoint);
        var snapshot = await grain.GetSnapshotAsync();
        Assert.Equal(0, snapshot.Leased);
        Assert.Equal(0, snapshot.Waiting);
    }
}
