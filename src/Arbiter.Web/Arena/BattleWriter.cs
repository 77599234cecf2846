using System.Threading.Channels;
using Arbiter.Core.Arena;

namespace Arbiter.Web.Arena;

/// <summary>
/// Group commit for votes: each vote still waits until its battle is durably stored, but votes that
/// arrive while a transaction is being written share the next one. Under load this turns hundreds of
/// one-row transactions (each an fsync) into a few larger ones, which is what keeps the vote p99 low.
/// </summary>
internal sealed class BattleWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly Channel<(ArenaBattle Battle, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(ArenaBattle, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly IBattleStore _store;
    private readonly Task _loop;

    public BattleWriter(IBattleStore store)
    {
        _store = store;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once the battle is committed; faults if the store failed.</summary>
    public Task WriteAsync(ArenaBattle battle, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite((battle, done)), this);
        // The caller may stop waiting, but a queued vote is still written: the token is already spent.
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<(ArenaBattle Battle, TaskCompletionSource Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                await _store.AddBattlesAsync([.. batch.Select(b => b.Battle)]).ConfigureAwait(false);
                foreach (var b in batch) b.Done.TrySetResult();
            }
#pragma warning disable CA1031 // The failure is handed to every waiting vote, which reports it as a 500.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var b in batch) b.Done.TrySetException(ex);
            }

            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
