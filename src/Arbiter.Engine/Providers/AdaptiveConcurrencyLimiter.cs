namespace Arbiter.Engine.Providers;

/// <summary>
/// AIMD concurrency control for one endpoint: starts small, doubles per window of successes
/// (slow start) until the first throttle, then grows by one per window and halves on every 429 or
/// timeout, never above the configured ceiling. This finds the endpoint's real capacity instead of
/// hammering a rate-limited API or idling a fast local one.
/// </summary>
public sealed class AdaptiveConcurrencyLimiter
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly int _max;
    private double _limit;
    private double _slowStartThreshold;
    private int _inFlight;
    private long _lastDecreaseTicks;

    /// <summary>Creates a limiter with ceiling <paramref name="max"/>.</summary>
    public AdaptiveConcurrencyLimiter(int max, int initial = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        _max = max;
        _limit = Math.Clamp(initial, 1, max);
        _slowStartThreshold = max;
    }

    /// <summary>Current concurrency limit.</summary>
    public int Limit
    {
        get
        {
            lock (_gate) return (int)_limit;
        }
    }

    /// <summary>Requests in flight.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Waits for a slot.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_inFlight < (int)_limit && _waiters.Count == 0)
            {
                _inFlight++;
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        // If cancellation wins the race the waiter is never granted a slot (TrySetResult fails in
        // Release), so nothing needs returning here.
        using (cancellationToken.Register(static s => ((TaskCompletionSource)s!).TrySetCanceled(), waiter))
        {
            await waiter.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Returns a slot; <paramref name="success"/> true grows the limit, false (throttled) halves it, null leaves it.</summary>
    public void Release(bool? success)
    {
        lock (_gate)
        {
            _inFlight--;
            if (success == true)
            {
                _limit = Math.Min(_max, _limit < _slowStartThreshold ? _limit + 1 : _limit + (1.0 / _limit));
            }
            else if (success == false)
            {
                // One halving per burst: a wave of 429s from one window must not collapse the limit to 1.
                var now = Environment.TickCount64;
                if (now - _lastDecreaseTicks > 250)
                {
                    _limit = Math.Max(1, _limit / 2);
                    _slowStartThreshold = _limit;
                    _lastDecreaseTicks = now;
                }
            }

            while (_waiters.Count > 0 && _inFlight < (int)_limit)
            {
                var next = _waiters.Dequeue();
                if (next.TrySetResult()) _inFlight++;
            }
        }
    }
}
