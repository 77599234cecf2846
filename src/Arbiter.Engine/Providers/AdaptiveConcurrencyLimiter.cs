namespace Arbiter.Engine.Providers;

/// <summary>
/// AIMD concurrency control for one endpoint: starts small, doubles per window of successes
/// (slow start) until the first throttle, then grows by one per window and halves on every 429 or
/// timeout, never above the configured ceiling. This finds the endpoint's real capacity instead of
/// hammering a rate-limited API or idling a fast local one.
/// </summary>
public sealed class AdaptiveConcurrencyLimiter : IConcurrencyLimiter
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly AimdState _aimd;
    private int _inFlight;

    /// <summary>Creates a limiter with ceiling <paramref name="max"/>.</summary>
    public AdaptiveConcurrencyLimiter(int max, int initial = 4)
    {
        _aimd = new AimdState(max, initial);
    }

    /// <summary>Current concurrency limit.</summary>
    public int Limit
    {
        get
        {
            lock (_gate) return _aimd.Limit;
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
            if (_inFlight < _aimd.Limit && _waiters.Count == 0)
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
            _aimd.OnOutcome(success, Environment.TickCount64);
            while (_waiters.Count > 0 && _inFlight < _aimd.Limit)
            {
                var next = _waiters.Dequeue();
                if (next.TrySetResult()) _inFlight++;
            }
        }
    }

    /// <inheritdoc />
    ValueTask IConcurrencyLimiter.ReleaseAsync(bool? success)
    {
        Release(success);
        return ValueTask.CompletedTask;
    }
}
