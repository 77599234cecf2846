using System.Threading.Channels;
using Arbiter.Core.Audit;
using Arbiter.Core.Storage;

namespace Arbiter.Engine.Sovereignty;

/// <summary>Where <see cref="Providers.ModelCaller"/> reports each call for the audit log.</summary>
public interface IAuditSink
{
    /// <summary>Queues an entry; it is durable once the sink is disposed (or sooner).</summary>
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
/// The single writer of the audit log. Callers enqueue; one loop appends whatever has accumulated
/// as one batch, so at thousands of calls per second the chain costs one transaction per batch
/// rather than per call, and entries from concurrent workers are chained in one order.
/// </summary>
public sealed class AuditLogWriter : IAuditSink, IAsyncDisposable
{
    private const int MaxBatch = 1024;
    private readonly Channel<AuditEntry> _channel = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(16384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IAuditLogStore _store;
    private readonly Task _loop;
    private long _written;

    /// <summary>Starts the writer loop on <paramref name="store"/>.</summary>
    public AuditLogWriter(IAuditLogStore store)
    {
        _store = store;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Entries appended so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <inheritdoc />
    public ValueTask RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        _channel.Writer.WriteAsync(entry, cancellationToken);

    /// <summary>Appends everything queued, even when the run is being cancelled: a call that happened must be logged.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var batch = new List<AuditEntry>(MaxBatch);
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var next)) batch.Add(next);
            await _store.AppendAuditAsync(batch.ToArray(), CancellationToken.None).ConfigureAwait(false);
            Interlocked.Add(ref _written, batch.Count);
            batch.Clear();
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
