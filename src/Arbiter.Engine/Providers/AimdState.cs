namespace Arbiter.Engine.Providers;

/// <summary>
/// The pure AIMD state machine of one endpoint: starts small, grows by one per success (slow start,
/// doubling per window) until the first throttle, then by one per window, and halves on a throttle,
/// never above the ceiling nor below one. Not thread-safe: <see cref="AdaptiveConcurrencyLimiter"/>
/// drives it under its lock in one process, and the cluster's endpoint-budget grain drives it on the
/// grain's single-threaded scheduler, so both use exactly the same maths.
/// </summary>
public sealed class AimdState
{
    /// <summary>Throttles closer together than this count as one burst and halve the limit once.</summary>
    public static readonly TimeSpan DecreaseWindow = TimeSpan.FromMilliseconds(250);

    private double _limit;
    private double _slowStartThreshold;
    private long? _lastDecreaseMs;

    /// <summary>Creates the state with ceiling <paramref name="max"/> and starting limit <paramref name="initial"/> (clamped to 1..max).</summary>
    public AimdState(int max, int initial)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        Max = max;
        _limit = Math.Clamp(initial, 1, max);
        _slowStartThreshold = max;
    }

    /// <summary>The configured ceiling.</summary>
    public int Max { get; private set; }

    /// <summary>Current concurrency limit (whole slots).</summary>
    public int Limit => (int)_limit;

    /// <summary>A call succeeded: additive increase (one per success below the slow-start threshold, one per window above it).</summary>
    public void OnSuccess() =>
        _limit = Math.Min(Max, _limit < _slowStartThreshold ? _limit + 1 : _limit + (1.0 / _limit));

    /// <summary>A call was throttled (429 or timeout) at monotonic time <paramref name="nowMs"/>: multiplicative decrease, once per burst.</summary>
    public void OnThrottle(long nowMs)
    {
        // One halving per burst: a wave of 429s from one window must not collapse the limit to 1.
        if (_lastDecreaseMs is { } last && nowMs - last <= DecreaseWindow.TotalMilliseconds) return;
        _limit = Math.Max(1, _limit / 2);
        _slowStartThreshold = _limit;
        _lastDecreaseMs = nowMs;
    }

    /// <summary>Applies an outcome: true grows, false (throttled) halves, null leaves the limit.</summary>
    public void OnOutcome(bool? success, long nowMs)
    {
        if (success == true) OnSuccess();
        else if (success == false) OnThrottle(nowMs);
    }

    /// <summary>Changes the ceiling (a node configured differently, or a reloaded config); the limit is clamped to it.</summary>
    public void SetMax(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        Max = max;
        _limit = Math.Min(_limit, max);
        _slowStartThreshold = Math.Min(_slowStartThreshold, max);
    }
}
