namespace Arbiter.Engine.Providers;

/// <summary>
/// A concurrency budget for one endpoint, as <see cref="ModelCaller"/> uses it: wait for a slot, make
/// the call, return the slot with its outcome. <see cref="AdaptiveConcurrencyLimiter"/> is the
/// in-process one; the cluster (Arbiter.Cluster) supplies one whose budget is shared by every node.
/// </summary>
public interface IConcurrencyLimiter
{
    /// <summary>Waits for a slot.</summary>
    ValueTask AcquireAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns a slot acquired by <see cref="AcquireAsync"/>; <paramref name="success"/> true grows the limit, false (throttled) halves it, null leaves it.</summary>
    ValueTask ReleaseAsync(bool? success);

    /// <summary>
    /// Returns a slot whose call was given up before its answer came (the caller cancelled it): the endpoint may still be
    /// working on it, since it learns of the cancellation only when the connection's close reaches it. A limiter shared with
    /// other processes keeps counting such a slot until that can no longer matter; this default, for limiters of one process
    /// (whose run is stopping when its calls are cancelled), returns it as an ordinary release with no outcome.
    /// </summary>
    ValueTask AbandonAsync() => ReleaseAsync(null);
}
