namespace Arbiter.Core.Storage;

/// <summary>Who is running a run, until when.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Owner">The holder: host, process id and a per-invocation nonce (see the engine's <c>RunLeases</c>).</param>
/// <param name="ExpiresAtMs">UTC unix milliseconds after which the lease is free for anyone.</param>
/// <param name="RenewedAtMs">When the holder last renewed it.</param>
public sealed record RunLease(string RunId, string Owner, long ExpiresAtMs, long RenewedAtMs);

/// <summary>
/// Leases that keep two processes from running the same run at once (each would call every item,
/// paying twice). A lease is a row per run; acquiring it is one atomic compare-and-set in the store,
/// so it works across machines sharing a PostgreSQL database as well as processes sharing a file.
/// </summary>
public interface IRunLeaseStore
{
    /// <summary>
    /// Takes or renews the lease of <paramref name="runId"/> for <paramref name="owner"/> until
    /// <paramref name="expiresAtMs"/>. It succeeds when there is no lease, when it has expired by
    /// <paramref name="nowMs"/>, when <paramref name="owner"/> holds it, or when its holder is
    /// <paramref name="takeOverFrom"/> (a holder the caller knows is dead). Returns the lease as stored
    /// afterwards: the caller holds it when its <see cref="RunLease.Owner"/> is <paramref name="owner"/>.
    /// </summary>
    Task<RunLease> AcquireLeaseAsync(string runId, string owner, long nowMs, long expiresAtMs, string? takeOverFrom = null,
        CancellationToken cancellationToken = default);

    /// <summary>Ends the lease if <paramref name="owner"/> still holds it.</summary>
    Task ReleaseLeaseAsync(string runId, string owner, CancellationToken cancellationToken = default);

    /// <summary>The lease of a run, live or expired, or null when none was ever taken or it was released.</summary>
    Task<RunLease?> GetLeaseAsync(string runId, CancellationToken cancellationToken = default);
}
