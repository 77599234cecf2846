namespace Arbiter.Cluster.Budget;

/// <summary>How one endpoint's budget is configured; every request carries it so a grain that re-activates on another silo knows it at once.</summary>
/// <param name="MaxConcurrency">The endpoint's configured ceiling, summed over the whole cluster.</param>
/// <param name="InitialConcurrency">Where AIMD starts.</param>
/// <param name="LeaseTtl">A lease not renewed for this long is reclaimed: its holder is taken for dead.</param>
[GenerateSerializer, Immutable]
public sealed record BudgetSettings(int MaxConcurrency, int InitialConcurrency, TimeSpan LeaseTtl);

/// <summary>A request for one slot by <paramref name="Holder"/> (one limiter on one node), waiting at most <paramref name="MaxWait"/> inside the grain.</summary>
[GenerateSerializer, Immutable]
public sealed record LeaseRequest(string Holder, BudgetSettings Settings, TimeSpan MaxWait);

/// <summary>The budget as the grain sees it (for tests and diagnostics).</summary>
[GenerateSerializer, Immutable]
public sealed record BudgetSnapshot(int Limit, int Max, int Leased, int Waiting);

/// <summary>
/// One endpoint's concurrency budget and AIMD state, cluster-wide (keyed by the model/endpoint id).
/// Every node's <see cref="ClusterConcurrencyLimiter"/> takes slots here, so the endpoint's
/// configured concurrency is never exceeded by the sum over nodes.
/// </summary>
public interface IEndpointBudgetGrain : IGrainWithStringKey
{
    /// <summary>Grants a lease, or null when none came free within the request's wait (the caller asks again).</summary>
    Task<Guid?> AcquireAsync(LeaseRequest request);

    /// <summary>Returns a lease with the call's outcome: true grows the limit, false (429/timeout) halves it, null leaves it.</summary>
    Task ReleaseAsync(Guid leaseId, bool? success);

    /// <summary>Keeps <paramref name="holder"/>'s leases alive (and re-adopts them after the grain moved to another silo).</summary>
    Task RenewAsync(string holder, Guid[] leaseIds, BudgetSettings settings);

    /// <summary>The current limit, ceiling, leases out and callers waiting.</summary>
    Task<BudgetSnapshot> GetSnapshotAsync();
}
