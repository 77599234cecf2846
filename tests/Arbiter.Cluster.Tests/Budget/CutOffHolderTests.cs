using System.Diagnostics;
using Arbiter.Cluster.Budget;
using Microsoft.Extensions.Time.Testing;

namespace Arbiter.Cluster.Tests.Budget;

/// <summary>
/// A holder that can no longer show its leases are still the grain's stops reusing them: cut off from the grain for a
/// lifetime since its last confirmed renewal, or told by the grain that a lease had lapsed. The grain may have given
/// those slots to other workers, so one more call on them could put the endpoint above its cap.
/// </summary>
public sealed class CutOffHolderTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Interval = BudgetTiming.RenewInterval(Ttl); // 500 ms
    private static readonly BudgetSettings Settings = new(2, 2, Ttl);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cut_off_holder_hands_its_lease_on_within_its_lifetime_but_not_a_lifetime_after_its_last_confirmed_renewal()
    {
        var time = new FakeTimeProvider();
        var grain = new FakeBudgetGrain(cap: 2);
        var holder = new ClusterConcurrencyLimiter(grain, "cut-off", Settings, null, null, null, time);
        await using var _ = new Reconnected(grain, holder);
        await holder.AcquireAsync(Ct);
        await AdvanceAsync(time, grain); // t = 0.5 s: the grain confirms the lease (and that nobody else waits)

        grain.Reachable = false;
        var next = holder.AcquireAsync(Ct).AsTask(); // its request hangs at the unreachable grain
        await AdvanceAsync(time, grain); // t = 1 s: a renewal fails, but the lease lives at the grain until t = 3.5 s
        await holder.ReleaseAsync(true);
        await next.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(1, holder.HandOffs);

        // A lifetime after the last confirmed renewal the grain has reclaimed the lease and may have granted its slot
        // to another worker: the queued call must wait for a grant of its own instead of running on it.
        var third = holder.AcquireAsync(Ct).AsTask();
        for (var i = 0; i < 5; i++) await AdvanceAsync(time, grain); // t = 3.5 s
        await holder.ReleaseAsync(true);
        await Task.Delay(200, Ct);
        Assert.False(third.IsCompleted, "the queued call ran on a lease that had expired at the grain");
        Assert.Equal(1, holder.HandOffs);
        Assert.Equal(0, holder.Held);

        // Reachable again, the grain grants a fresh lease to the request still waiting there.
        grain.Reachable = true;
        grain.GrantWaiting();
        await third.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(1, holder.Held);
        Assert.Equal(1, holder.HandOffs);
        await holder.ReleaseAsync(null);
    }

    [Fact]
    public async Task A_lease_the_grain_names_lapsed_goes_back_to_the_grain_instead_of_to_the_holders_next_call()
    {
        var time = new FakeTimeProvider();
        var grain = new FakeBudgetGrain(cap: 2);
        await using var holder = new ClusterConcurrencyLimiter(grain, "lapsed", Settings, null, null, null, time);
        await holder.AcquireAsync(Ct);
        await holder.AcquireAsync(Ct);
        var next = holder.AcquireAsync(Ct).AsTask(); // the cap is full: its request waits in the grain
        var lapsed = grain.Leases[0];
        var kept = grain.Leases[1];

        grain.Forget(lapsed); // it expired at the grain, whose slot may be another worker's by now
        await AdvanceAsync(time, grain);
        await holder.ReleaseAsync(true);
        await WaitUntilAsync(() => grain.Returned.Contains(lapsed), "the lapsed lease was not returned to the grain");
        Assert.Equal([lapsed], grain.Returned);
        Assert.False(next.IsCompleted, "the queued call ran on a lease the grain had named lapsed");
        Assert.Equal(0, holder.HandOffs);
        Assert.Equal(1, holder.Held);

        // The other lease is still the grain's: the next finished call hands it on as before.
        await holder.ReleaseAsync(true);
        await next.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(1, holder.HandOffs);
        Assert.Equal([lapsed], grain.Returned);
        Assert.Equal([kept], grain.Leases);
        await holder.ReleaseAsync(null);
    }

    [Fact]
    public async Task A_lingering_lease_the_grain_names_lapsed_is_dropped_at_once_and_the_next_call_gets_a_fresh_grant()
    {
        var time = new FakeTimeProvider();
        var grain = new FakeBudgetGrain(cap: 2);
        var reuse = LeaseReuse.Default with { Linger = TimeSpan.FromMinutes(1) }; // lingers until told otherwise
        await using var holder = new ClusterConcurrencyLimiter(grain, "lapsed-idle", Settings, null, null, reuse, time);
        await holder.AcquireAsync(Ct);
        await AdvanceAsync(time, grain); // the grain says nobody else waits, so a finished call's lease may linger
        var lease = grain.Leases[0];
        await holder.ReleaseAsync(true);
        Assert.Equal(1, holder.Held);

        grain.Forget(lease);
        await AdvanceAsync(time, grain);
        await WaitUntilAsync(() => grain.Returned.Contains(lease), "the lapsed lingering lease was not returned to the grain");
        Assert.Equal(0, holder.Held);

        await holder.AcquireAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(0, holder.HandOffs);
        Assert.DoesNotContain(lease, grain.Leases);
        Assert.Single(grain.Leases);
        await holder.ReleaseAsync(null);
    }

    // Disposes the holder with its grain reachable again: disposal talks to the grain, and its failure would hide the test's own.
    private sealed class Reconnected(FakeBudgetGrain grain, ClusterConcurrencyLimiter holder) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            grain.Reachable = true;
            return holder.DisposeAsync();
        }
    }

    // Moves the clock one renewal interval and waits until the holder's renewal (due then) has reached the grain.
    private static async Task AdvanceAsync(FakeTimeProvider time, FakeBudgetGrain grain)
    {
        var before = grain.Renewals;
        time.Advance(Interval);
        await WaitUntilAsync(() => grain.Renewals > before, "no renewal reached the grain");
        // The holder takes in the answer right after the grain's method returns, on the renewing thread.
        await Task.Delay(100, Ct);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(10, Ct);
        Assert.True(condition(), failure);
    }
}
