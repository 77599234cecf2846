using Arbiter.Cluster.Budget;

namespace Arbiter.Cluster.Tests.Budget;

/// <summary>Calls of 15 ms through limiters of up to two workers, counting calls in flight over every holder.</summary>
internal sealed class CallLoad
{
    private int _inFlight;
    private int _peak;

    /// <summary>The most calls in flight at once, over every holder.</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>Calls finished, per worker.</summary>
    public int[] Done { get; } = new int[2];

    /// <summary>Requests for a slot that failed (the budget grain unreachable), per worker.</summary>
    public int[] Failed { get; } = new int[2];

    /// <summary>
    /// Calls through <paramref name="limiter"/> until <paramref name="stop"/>. <paramref name="returnOnStop"/> false: a call
    /// finishing after the stop keeps its lease, as a dead process's would. <paramref name="retryUnreachable"/>: a request
    /// for a slot that fails (the grain cut off) is counted and made again, as a worker's next call would.
    /// </summary>
    public async Task CallLoopAsync(ClusterConcurrencyLimiter limiter, int worker, CancellationToken stop,
        bool returnOnStop = true, bool retryUnreachable = false)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await limiter.AcquireAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (TimeoutException) when (retryUnreachable)
            {
                Interlocked.Increment(ref Failed[worker]);
                await Task.Delay(10, CancellationToken.None);
                continue;
            }

            var now = Interlocked.Increment(ref _inFlight);
            var seen = Volatile.Read(ref _peak);
            while (now > seen && Interlocked.CompareExchange(ref _peak, now, seen) != seen) seen = Volatile.Read(ref _peak);
            await Task.Delay(15, CancellationToken.None);
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref Done[worker]);
            if (!returnOnStop && stop.IsCancellationRequested) return; // a dead process releases nothing
            await limiter.ReleaseAsync(true);
        }
    }
}
