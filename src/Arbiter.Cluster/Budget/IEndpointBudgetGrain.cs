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

/// <summary>
/// A lease handed back with its last call's outcome (true grows the limit, false — 429/timeout — halves it, null leaves it),
/// and how many of <paramref name="Holder"/>'s requests still queued in the grain it no longer needs.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LeaseReturn(string Holder, Guid LeaseId, bool? Success, int Withdraw);

/// <summary>
/// <paramref name="Holder"/>'s leases kept alive (and re-adopted after the grain moved to another silo), with the successes
/// of calls that reused a lease locally since the last renewal (they count towards AIMD's increase).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LeaseRenewal(string Holder, Guid[] LeaseIds, BudgetSettings Settings, int Successes);

/// <summary>What a holder needs to decide whether to keep reusing its leases: the limit, leases out, and how many requests of <em>other</em> holders wait.</summary>
[GenerateSerializer, Immutable]
public sealed record BudgetAdvice(int Limit, int Leased, int OthersWaiting);

/// <summary>
/// The grain's answer to a renewal: its advice, and which of the renewed leases it no longer had (<paramref name="Lapsed"/>:
/// expired, or held before the grain lost its table and not re-adopted within its grace). It counts them again, since
/// their calls may still be running, but their slots may have gone to other calls meanwhile, so the holder must not reuse them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RenewalAnswer(BudgetAdvice Advice, Guid[] Lapsed);

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
    /// <summary>Grants a lease, or null when none came free within the request's wait or the holder withdrew it (the caller asks again if it still needs one).</summary>
    Task<Guid?> AcquireAsync(LeaseRequest request);

    /// <summary>Returns a lease with the call's outcome, withdrawing the holder's surplus queued requests first.</summary>
    Task<BudgetAdvice> ReleaseAsync(LeaseReturn lease);

    /// <summary>Keeps a holder's leases alive, counts the successes of its local reuses, and names the leases that had lapsed.</summary>
    Task<RenewalAnswer> RenewAsync(LeaseRenewal renewal);

    /// <summary>Answers every request of <paramref name="holder"/> still queued with null (the holder is going away).</summary>
    Task WithdrawAsync(string holder);

    /// <summary>The current limit, ceiling, leases out and callers waiting.</summary>
    Task<BudgetSnapshot> GetSnapshotAsync();
}
