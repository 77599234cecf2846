using System.Threading.Channels;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;

namespace Arbiter.Engine.Runner;

/// <summary>
/// The single writer between workers and the store. It writes whatever has accumulated as one
/// batch: under load that amortises transactions (hundreds of samples per commit), and when calls
/// are slow each sample is committed as soon as it completes, so a killed process loses at most
/// the samples still in flight.
/// </summary>
internal sealed class SampleWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;
    // Four batches queued keep the store busy; more only holds completed samples in memory when the store lags.
    private readonly Channel<(SampleRecord, string?)> _channel = Channel.CreateBounded<(SampleRecord, string?)>(
        new BoundedChannelOptions(2048) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IRunStore _store;
    private readonly Action _onFailure;
    private readonly Task _loop;

    public SampleWriter(IRunStore store, Action onFailure)
    {
        _store = store;
        _onFailure = onFailure;
        _loop = Task.Run(LoopAsync);
    }

    public ValueTask WriteAsync(SampleRecord sample, string? cacheKey, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync((sample, cacheKey), cancellationToken);

    /// <summary>Flushes everything queued; completed samples are written even when the run is being cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var batch = new List<(SampleRecord, string?)>(MaxBatch);
        var reader = _channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var next)) batch.Add(next);
                // Deliberately not cancellable: a sample that completed must reach the store.
                await _store.WriteSamplesAsync(batch.ToArray(), CancellationToken.None).ConfigureAwait(false);
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
}
