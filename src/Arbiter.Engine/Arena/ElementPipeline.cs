using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;

namespace Arbiter.Engine.Arena;

/// <summary>
/// The elements of a large JSON array battle file (FastChat's and LMArena's format) on two cores. An array cannot be cut
/// at a byte offset the way JSON Lines can (a string may hold anything), so finding where each element ends takes a full
/// tokenizing pass. Here that pass runs on its own task and hands copied elements over in batches; the caller reads them
/// in file order, so its table, problems and element indices are those of one sequential read.
/// </summary>
internal static class ElementPipeline
{
    /// <summary>Bytes of elements per batch handed over (a larger element gets a batch of its own).</summary>
    internal const int BatchBytes = 1 << 20;

    /// <summary>Batches in flight at most: memory stays a few megabytes whatever the file's size.</summary>
    private const int Capacity = 4;

    /// <summary>
    /// Calls <paramref name="onRow"/> with every element in order (the row is valid only during the call), then
    /// <paramref name="onBroken"/> if the array breaks off, as <see cref="JsonRows.ElementsAsync"/> would.
    /// </summary>
    public static async Task ReadAsync(Stream stream, Action<JsonRow> onRow, Action<JsonException, long> onBroken, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        (JsonException Error, long Kept)? broken = null;
        var producer = Task.Run(() => ProduceAsync(stream, channel.Writer, b => broken = b, stop.Token), stop.Token);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    for (int k = 0; k < batch.Count; k++)
                    {
                        onRow(new JsonRow(batch.Index + k, batch.Bytes.AsMemory(batch.Starts[k], batch.Starts[k + 1] - batch.Starts[k])));
                    }
                }
                finally
                {
                    batch.Return();
                }
            }

            await producer.ConfigureAwait(false);
            if (broken is { } b) onBroken(b.Error, b.Kept);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            while (channel.Reader.TryRead(out var left)) left.Return();
        }
    }

    private static async Task ProduceAsync(Stream stream, ChannelWriter<Batch> writer, Action<(JsonException, long)> onBroken, CancellationToken cancellationToken)
    {
        Batch? batch = null;
        long index = 0;
        try
        {
            var rows = JsonRows.ElementsAsync(stream, (ex, kept) => onBroken((ex, kept)), cancellationToken);
            await foreach (var row in rows.ConfigureAwait(false))
            {
                if (batch is not null && !batch.Fits(row.Json.Length))
                {
                    await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch = null;
                }

                batch ??= new Batch(index, Math.Max(BatchBytes, row.Json.Length));
                batch.Add(row.Json.Span);
                index++;
            }

            if (batch is not null) await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            batch = null;
            writer.Complete();
        }
        catch (Exception ex)
        {
            // The reader sees the failure (or the cancellation) where it waits for the next batch.
            batch?.Return();
            writer.Complete(ex);
        }
    }

    /// <summary>Consecutive elements copied into one pooled buffer.</summary>
    private sealed class Batch(long index, int size)
    {
        private List<int> _starts = [0];

        public long Index { get; } = index;

        public byte[] Bytes { get; private set; } = ArrayPool<byte>.Shared.Rent(size);

        public int Count => _starts.Count - 1;

        public List<int> Starts => _starts;

        public bool Fits(int length) => _starts[^1] + length <= Bytes.Length;

        public void Add(ReadOnlySpan<byte> element)
        {
            element.CopyTo(Bytes.AsSpan(_starts[^1]));
            _starts.Add(_starts[^1] + element.Length);
        }

        public void Return()
        {
            if (Bytes.Length == 0) return;
            ArrayPool<byte>.Shared.Return(Bytes);
            Bytes = [];
            _starts = [0];
        }
    }
}
