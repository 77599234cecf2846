using Arbiter.Core.Runs;

namespace Arbiter.Core.Storage;

/// <summary>A cached model response (errors are never cached).</summary>
public sealed record CachedResponse(string Key, ModelResponse Response);

/// <summary>
/// Persistence for runs, samples and the response cache. Implementations: SQLite (default) and
/// PostgreSQL. Writes are durable when the returned task completes, so a killed process loses at
/// most the samples still in flight.
/// </summary>
public interface IRunStore : IAsyncDisposable
{
    /// <summary>Creates the schema or upgrades it to the newest migration.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts the run unless one with the same id exists; returns the stored run.</summary>
    Task<RunRecord> UpsertRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>The run with this id, or null.</summary>
    Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>All runs, newest first.</summary>
    IAsyncEnumerable<RunRecord> ListRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks a run completed.</summary>
    Task CompleteRunAsync(string runId, long finishedAtMs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the run's samples whose call failed (status error) and marks the run running again,
    /// so a resume retries them; returns how many were deleted. Errors were never cached.
    /// </summary>
    Task<int> DeleteErrorSamplesAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the run's samples with these (item id, epoch) keys and, when any was deleted, marks the run running again,
    /// so a resume makes them again (a rubric-graded answer whose judge call failed is graded anew); returns how many were deleted.
    /// </summary>
    Task<int> DeleteSamplesAsync(string runId, IReadOnlyCollection<(string ItemId, int Epoch)> keys, CancellationToken cancellationToken = default);

    /// <summary>(item id, epoch) pairs that already have a sample in this run.</summary>
    Task<IReadOnlySet<(string ItemId, int Epoch)>> GetSampleKeysAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// (item id, epoch) pairs of <paramref name="itemIds"/> that already have a sample in this run: a resume asks
    /// about one chunk of items at a time instead of holding every key of a large run. Stores should answer with
    /// one query; this default reads all the run's keys and filters them.
    /// </summary>
    async Task<IReadOnlySet<(string ItemId, int Epoch)>> GetSampleKeysAsync(string runId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        var wanted = itemIds.ToHashSet(StringComparer.Ordinal);
        var all = await GetSampleKeysAsync(runId, cancellationToken).ConfigureAwait(false);
        return all.Where(k => wanted.Contains(k.ItemId)).ToHashSet();
    }

    /// <summary>
    /// Writes samples (idempotent: a second write of the same run/item/epoch is ignored) and caches
    /// successful responses under their keys, in one transaction.
    /// </summary>
    Task WriteSamplesAsync(IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples, CancellationToken cancellationToken = default);

    /// <summary>Samples of a run in item/epoch order.</summary>
    IAsyncEnumerable<SampleRecord> ReadSamplesAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Cached responses for the given keys (missing keys are absent from the result).</summary>
    Task<IReadOnlyDictionary<string, ModelResponse>> GetCachedAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Counts and sums for a run.</summary>
    Task<RunSummary?> SummarizeAsync(string runId, CancellationToken cancellationToken = default);
}
