using Arbiter.Core.Runs;
using Arbiter.Core.Storage;

namespace Arbiter.Engine.Tests.Support;

/// <summary>
/// A store that forwards every call to a real one and exposes only <see cref="IRunStore"/> (so the
/// runner sees no audit-log interface); tests override the member they want to break.
/// </summary>
internal class DelegatingRunStore(IRunStore inner) : IRunStore
{
    public Task MigrateAsync(CancellationToken cancellationToken = default) => inner.MigrateAsync(cancellationToken);

    public Task<RunRecord> UpsertRunAsync(RunRecord run, CancellationToken cancellationToken = default) => inner.UpsertRunAsync(run, cancellationToken);

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => inner.GetRunAsync(runId, cancellationToken);

    public IAsyncEnumerable<RunRecord> ListRunsAsync(CancellationToken cancellationToken = default) => inner.ListRunsAsync(cancellationToken);

    public Task CompleteRunAsync(string runId, long finishedAtMs, CancellationToken cancellationToken = default) => inner.CompleteRunAsync(runId, finishedAtMs, cancellationToken);

    public Task<int> DeleteErrorSamplesAsync(string runId, CancellationToken cancellationToken = default) => inner.DeleteErrorSamplesAsync(runId, cancellationToken);

    public Task<int> DeleteSamplesAsync(string runId, IReadOnlyCollection<(string ItemId, int Epoch)> keys, CancellationToken cancellationToken = default) =>
        inner.DeleteSamplesAsync(runId, keys, cancellationToken);

    public virtual Task<IReadOnlySet<(string ItemId, int Epoch)>> GetSampleKeysAsync(string runId, CancellationToken cancellationToken = default) => inner.GetSampleKeysAsync(runId, cancellationToken);

    public virtual Task<IReadOnlySet<(string ItemId, int Epoch)>> GetSampleKeysAsync(string runId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken = default) => inner.GetSampleKeysAsync(runId, itemIds, cancellationToken);

    public virtual Task WriteSamplesAsync(IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples, CancellationToken cancellationToken = default) =>
        inner.WriteSamplesAsync(samples, cancellationToken);

    public virtual IAsyncEnumerable<SampleRecord> ReadSamplesAsync(string runId, CancellationToken cancellationToken = default) => inner.ReadSamplesAsync(runId, cancellationToken);

    public Task<IReadOnlyDictionary<string, ModelResponse>> GetCachedAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) => inner.GetCachedAsync(keys, cancellationToken);

    public Task<RunSummary?> SummarizeAsync(string runId, CancellationToken cancellationToken = default) => inner.SummarizeAsync(runId, cancellationToken);

    /// <summary>The inner store belongs to the test harness, which disposes it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
