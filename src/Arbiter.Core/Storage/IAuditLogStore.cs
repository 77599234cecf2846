using Arbiter.Core.Audit;
using Arbiter.Core.Runs;

namespace Arbiter.Core.Storage;

/// <summary>
/// Append-only, hash-chained storage of the audit log. Implemented by the stores that also
/// implement <see cref="IRunStore"/>; the runner appends when the store offers this interface.
/// </summary>
public interface IAuditLogStore
{
    /// <summary>
    /// Appends the entries in order, in one transaction. The store assigns sequence numbers and links
    /// each entry to the previous one under its write lock, so concurrent writers (other processes)
    /// cannot fork the chain. Returns the stored entries.
    /// </summary>
    Task<IReadOnlyList<AuditEntry>> AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes samples exactly as <see cref="IRunStore.WriteSamplesAsync"/> does and appends
    /// <paramref name="entries"/> (the outcomes of the calls that produced them) in the same
    /// transaction: a sample is never stored without its audit entry, nor the entry without it.
    /// </summary>
    Task<IReadOnlyList<AuditEntry>> WriteSamplesWithAuditAsync(IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples,
        IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Every entry in sequence order.</summary>
    IAsyncEnumerable<AuditEntry> ReadAuditLogAsync(CancellationToken cancellationToken = default);
}
