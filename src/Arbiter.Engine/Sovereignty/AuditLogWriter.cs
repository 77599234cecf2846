using System.Threading.Channels;
using Arbiter.Core.Audit;
using Arbiter.Core.Storage;

namespace Arbiter.Engine.Sovereignty;

/// <summary>Where <see cref="Providers.ModelCaller"/> reports each call for the audit log.</summary>
public interface IAuditSink
{
    /// <summary>Records an entry; it is durable when the returned task completes.</summary>
    ValueTask RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default);
}

/// <summary>A sink that drops entries: for callers without a store (tests, dry runs).</summary>
public sealed class NullAuditSink : IAuditSink
{
    /// <summary>The instance.</summary>
    public static NullAuditSink Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}

/// <summary>
/// The single writer of the audit log. Callers enqueue and wait until their entry is committed (an
/// intent must be durable before its request leaves); one loop appends whatever has accumulated as
/// one batch, so at thousands of calls per second the chain costs one transaction per batch rather
/// than per call, and entries from concurrent workers are chained in one order. Transient store
/// faults are retried (bounded); a lasting failure fails every waiting caller and calls
/// <c>onFailure</c> so the run stops before another request leaves unlogged.
/// </summary>
public sealed class AuditLogWriter : IAuditSink, IAsyncDisposable
{
    private const int MaxBatch = 1024;
    private readonly Channel<(AuditEntry Entry, TaskCompletionSource Stored)> _channel = Channel.CreateBounded<(AuditEntry, TaskCompletionSource)>(
        new BoundedChannelOptions(16384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IAuditLogStore _store;
    private readonly Func<IReadOnlyList<AuditEntry>, Task> _append;
    private readonly Action? _onFailure;
    private readonly Task _loop;
    private long _written;

    /// <summary>Starts the writer loop on <paramref name="store"/>.</summary>
    public AuditLogWriter(IAuditLogStore store)
        : this(store, null, null)
    {
    }

    /// <summary>Starts the writer loop; <paramref name="append"/> wraps each batch's append (retries), <paramref name="onFailure"/> runs once if it fails.</summary>
    internal AuditLogWriter(IAuditLogStore store, Func<Func<Task>, Task>? append, Action? onFailure)
    {
        _store = store;
        _append = append is null
            ? batch => _store.AppendAuditAsync(batch, CancellationToken.None)
            : batch => append(() => _store.AppendAuditAsync(batch, CancellationToken.None));
        _onFailure = onFailure;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Entries appended so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Queues the entry; completes when it is committed.</summary>
    public async ValueTask RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _channel.Writer.WriteAsync((entry, stored), cancellationToken).ConfigureAwait(false);
        // Not cancellable once queued: the entry is written, and the caller learns whether it was.
        await stored.Task.ConfigureAwait(false);
    }

    /// <summary>Appends everything queued, even when the run is being cancelled: a call that happened must be logged.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var batch = new List<(AuditEntry Entry, TaskCompletionSource Stored)>(MaxBatch);
        var reader = _channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var next)) batch.Add(next);
                await _append(batch.Select(b => b.Entry).ToArray()).ConfigureAwait(false);
                Interlocked.Add(ref _written, batch.Count);
                foreach (var b in batch) b.Stored.TrySetResult();
                batch.Clear();
            }
        }
        catch (Exception ex)
        {
            _channel.Writer.TryComplete(ex);
            foreach (var b in batch) b.Stored.TrySetException(ex);
            while (reader.TryRead(out var left)) left.Stored.TrySetException(ex);
            _onFailure?.Invoke();
            throw;
        }
    }
}

/// <summary>
/// Appends each entry as it comes, for low-rate callers (web arena turns, pings) that have no
/// batch to amortise and no natural point at which to flush a writer.
/// </summary>
public sealed class DirectAuditSink(IAuditLogStore store) : IAuditSink
{
    /// <inheritdoc />
    public async ValueTask RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        await store.AppendAuditAsync([entry], cancellationToken).ConfigureAwait(false);
}
