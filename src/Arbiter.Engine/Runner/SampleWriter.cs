using System.Threading.Channels;
using Arbiter.Core.Audit;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;

namespace Arbiter.Engine.Runner;

/// <summary>
/// The single writer between workers and the store. It writes whatever has accumulated as one
/// batch: under load that amortises transactions (hundreds of samples per commit), and when calls
/// are slow each sample is committed as soon as it completes, so a killed process loses at most
/// the samples still in flight. Each sample's audit outcome is committed in the same transaction.
/// A batch stays in memory while a transient store fault is retried (workers wait on the bounded
/// channel meanwhile), so a restarted database loses no answer that was paid for.
/// </summary>
internal sealed class SampleWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;
    // One batch queued while another is written keeps the store busy. More only holds completed samples longer
    // when the store is the bottleneck (a call at zero latency): a sample that waits behind four batches outlives
    // two collections and dies in generation 2, which then grew by ~2 KB an item until a full collection (issue 18).
    private readonly Channel<Pending> _channel = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(MaxBatch) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IRunStore _store;
    private readonly IAuditLogStore? _audit;
    private readonly StoreRetry _retry;
    private readonly Action _onFailure;
    private readonly Task _loop;

    public SampleWriter(IRunStore store, IAuditLogStore? audit, StoreRetry retry, Action onFailure)
    {
        _store = store;
        _audit = audit;
        _retry = retry;
        _onFailure = onFailure;
        _loop = Task.Run(LoopAsync);
    }

    public ValueTask WriteAsync(SampleRecord sample, string? cacheKey, AuditEntry? outcome, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(new Pending(sample, cacheKey, outcome), cancellationToken);

    /// <summary>Flushes everything queued; completed samples are written even when the run is being cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var reader = _channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var next)) batch.Add(next);
                var samples = batch.Select(p => (p.Sample, p.CacheKey)).ToArray();
                var outcomes = _audit is null ? [] : batch.Where(p => p.Outcome is not null).Select(p => p.Outcome!).ToArray();
                // Deliberately not cancellable: a sample that completed must reach the store.
                await _retry.ExecuteAsync("write samples", () => outcomes.Length == 0
                    ? _store.WriteSamplesAsync(samples, CancellationToken.None)
                    : _audit!.WriteSamplesWithAuditAsync(samples, outcomes, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (Exception ex)
        {
            // Close the channel with the failure so workers blocked on a full channel fail too
            // instead of waiting forever; DisposeAsync rethrows it to the runner's caller.
            _channel.Writer.TryComplete(ex);
            _onFailure();
            throw;
        }
    }

    private sealed record Pending(SampleRecord Sample, string? CacheKey, AuditEntry? Outcome);
}
