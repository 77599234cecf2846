using Arbiter.Cluster.Budget;
using Arbiter.Engine.Providers;

namespace Arbiter.Cluster.Tests.Budget;

public sealed class WorkerSlotLimiterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_at_its_capacity_asks_the_endpoint_for_no_lease_until_a_call_of_its_own_returns()
    {
        var slots = new WorkerSlots(2);
        var endpoint = new CountingLimiter();
        var a = new WorkerSlotLimiter(slots, endpoint);
        var b = new WorkerSlotLimiter(slots, endpoint); // another shard on the same worker

        await a.AcquireAsync(Ct);
        await b.AcquireAsync(Ct);
        var third = a.AcquireAsync(Ct).AsTask();
        await Task.Delay(50, Ct);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, endpoint.Held); // the waiting call holds no lease another worker could use

        await b.ReleaseAsync(true);
        await third.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(2, endpoint.Held);
        Assert.Equal([true], endpoint.Outcomes);
    }

    [Fact]
    public async Task A_failed_lease_request_gives_the_worker_slot_back()
    {
        var slots = new WorkerSlots(1);
        var endpoint = new CountingLimiter { Fail = true };
        var limiter = new WorkerSlotLimiter(slots, endpoint);

        await Assert.ThrowsAsync<InvalidOperationException>(() => limiter.AcquireAsync(Ct).AsTask());
        Assert.Equal(1, slots.Free);

        endpoint.Fail = false;
        await limiter.AcquireAsync(Ct);
        Assert.Equal(0, slots.Free);
    }

    [Fact]
    public async Task A_freed_slot_goes_to_the_shard_that_started_first_and_in_order_within_it()
    {
        var slots = new WorkerSlots(1);
        var endpoint = new CountingLimiter();
        var older = new WorkerSlotLimiter(slots, endpoint, rank: 1);
        var newer = new WorkerSlotLimiter(slots, endpoint, rank: 2);
        await newer.AcquireAsync(Ct);
        var newerWaits = newer.AcquireAsync(Ct).AsTask(); // asked first
        using var gaveUp = new CancellationTokenSource();
        var cancelled = older.AcquireAsync(gaveUp.Token).AsTask();
        var olderFirst = older.AcquireAsync(Ct).AsTask();
        var olderSecond = older.AcquireAsync(Ct).AsTask();
        await gaveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        await newer.ReleaseAsync(true);
        await olderFirst.WaitAsync(TimeSpan.FromSeconds(5), Ct); // the cancelled call was skipped
        Assert.False(olderSecond.IsCompleted || newerWaits.IsCompleted);
        await older.ReleaseAsync(true);
        await olderSecond.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.False(newerWaits.IsCompleted);
        await older.ReleaseAsync(true);
        await newerWaits.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await newer.ReleaseAsync(true);
        Assert.Equal(1, slots.Free);
    }

    private sealed class CountingLimiter : IConcurrencyLimiter
    {
        public bool Fail { get; set; }

        public int Held { get; private set; }

        public List<bool?> Outcomes { get; } = [];

        public ValueTask AcquireAsync(CancellationToken cancellationToken = default)
        {
            if (Fail) throw new InvalidOperationException("budget unreachable");
            Held++;
            return ValueTask.CompletedTask;
        }

        public ValueTask ReleaseAsync(bool? success)
        {
            Held--;
            Outcomes.Add(success);
            return ValueTask.CompletedTask;
        }
    }
}
