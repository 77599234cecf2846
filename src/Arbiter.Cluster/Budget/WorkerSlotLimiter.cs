using Arbiter.Engine.Providers;

namespace Arbiter.Cluster.Budget;

/// <summary>
/// A worker's own capacity in front of an endpoint's cluster-wide budget: a call first takes one of the
/// worker's slots (shared by every shard and endpoint on this worker, <c>arbiter worker --max-in-flight</c>),
/// then a lease from the endpoint's budget. In that order, so a worker at its capacity never holds leases
/// it cannot use while other workers wait for them.
/// </summary>
public sealed class WorkerSlotLimiter(SemaphoreSlim workerSlots, IConcurrencyLimiter endpoint) : IConcurrencyLimiter
{
    /// <inheritdoc />
    public async ValueTask AcquireAsync(CancellationToken cancellationToken = default)
    {
        await workerSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await endpoint.AcquireAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            workerSlots.Release();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(bool? success)
    {
        try
        {
            await endpoint.ReleaseAsync(success).ConfigureAwait(false);
        }
        finally
        {
            workerSlots.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask AbandonAsync()
    {
        // The worker's own slot is its own resources, free once the call is given up; the endpoint's lease is not.
        try
        {
            await endpoint.AbandonAsync().ConfigureAwait(false);
        }
        finally
        {
            workerSlots.Release();
        }
    }
}
