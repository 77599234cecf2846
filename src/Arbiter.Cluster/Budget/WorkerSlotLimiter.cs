using Arbiter.Engine.Providers;

namespace Arbiter.Cluster.Budget;

/// <summary>
/// A worker's own capacity in front of an endpoint's cluster-wide budget: a call first takes one of the
/// worker's slots (shared by every shard and endpoint on this worker, <c>arbiter worker --max-in-flight</c>),
/// then a lease from the endpoint's budget. In that order, so a worker at its capacity never holds leases
/// it cannot use while other workers wait for them. <paramref name="rank"/> orders this shard's calls among the worker's
/// waiting ones (<see cref="WorkerSlots"/>: the shard that started first is served first).
/// </summary>
public sealed class WorkerSlotLimiter(WorkerSlots workerSlots, IConcurrencyLimiter endpoint, long rank = 0) : IConcurrencyLimiter
{
    /// <inheritdoc />
    public async ValueTask AcquireAsync(CancellationToken cancellationToken = default)
    {
        await workerSlots.WaitAsync(rank, cancellationToken).ConfigureAwait(false);
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
