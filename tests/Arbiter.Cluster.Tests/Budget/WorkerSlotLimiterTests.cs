using Arbiter.Cluster.Budget;
using Arbiter.Engine.Providers;

namespace Arbiter.Cluster.Tests.Budget;

public sealed class WorkerSlotLimiterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_at_its_capacity_asks_the_endpoint_for_no_lease_until_a_call_of_its_own_returns()
    {
        using var slots = new SemaphoreSlim(2, 2);
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
        using var slots = new SemaphoreSlim(1, 1);
        var endpoint = new CountingLimiter { Fail = true };
        var limiter = new WorkerSlotLimiter(slots, endpoint);

        await Assert.ThrowsAsync<InvalidOperationException>(() => limiter.AcquireAsync(Ct).AsTask());
        Assert.Equal(1, slots.CurrentCount);

        endpoint.Fail = false;
        await limiter.AcquireAsync(Ct);
        Assert.Equal(0, slots.CurrentCount);
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
