using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Arbiter.Engine.Arena;

/// <summary>One row of a battle file: its 1-based line (JSONL) or 0-based element index (array) and its UTF-8 JSON.</summary>
internal readonly record struct JsonRow(long Location, ReadOnlyMemory<byte> Json);

/// <summary>
/// Splits a battle file into rows without holding the file: JSON Lines at each <c>\n</c>, a JSON array
/// into its elements with <see cref="Utf8JsonReader"/>. A UTF-8 BOM is skipped. A yielded row is a
/// slice of a reused buffer, valid only until the next row is requested.
/// </summary>
internal static class JsonRows
{
    private static readonly JsonReaderOptions ArrayOptions = new() { AllowTrailingCommas = true };

    /// <summary>Every line, blank ones included, so that line numbers count them.</summary>
    public static IAsyncEnumerable<JsonRow> LinesAsync(Stream stream, CancellationToken cancellationToken = default) =>
        LinesAsync(stream, atFileStart: true, cancellationToken);

    /// <summary>
    /// As <see cref="LinesAsync(Stream, CancellationToken)"/>; a stream that starts mid-file (<paramref name="atFileStart"/>
    /// false) keeps a leading BOM as part of its first line, as a sequential read would.
    /// </summary>
    public static async IAsyncEnumerable<JsonRow> LinesAsync(Stream stream, bool atFileStart, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = await RowBuffer.StartAsync(stream, atFileStart, cancellationToken).ConfigureAwait(false);
        long line = 0;
        int searched = 0;
        while (true)
        {
            var data = buffer.Data;
            int newline = data.Span[searched..].IndexOf((byte)'\n');
            if (newline < 0 && !buffer.IsFinal)
            {
                searched = data.Length;
                await buffer.FillAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (newline < 0 && data.IsEmpty)
            {
                yield break;
            }

            int length = newline < 0 ? data.Length : searched + newline;
            yield return new JsonRow(++line, data[..length]);
            buffer.Consume(Math.Min(length + 1, data.Length));
            searched = 0;
        }
    }

    /// <summary>
    /// The elements of the top-level array. When the array is malformed, the elements before the
    /// break have been yielded, <paramref name="onBroken"/> gets the reader's error and nothing follows.
    /// </summary>
    public static async IAsyncEnumerable<JsonRow> ElementsAsync(Stream stream, Action<JsonException, long> onBroken,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = await RowBuffer.StartAsync(stream, atFileStart: true, cancellationToken).ConfigureAwait(false);
        var state = new JsonReaderState(ArrayOptions);
        bool opened = false;
        long index = 0;
        while (true)
        {
            var step = Next(buffer.Data.Span, buffer.IsFinal, ref state, ref opened, out int consumed, out Range element, out var error);
            if (step == Step.NeedMore && buffer.IsFinal)
            {
                // The reader throws on a truncated final block; this only guards against looping forever.
                (step, error) = (Step.Broken, new JsonException("the JSON array ends before it is closed"));
            }

            switch (step)
            {
                case Step.Element:
                    yield return new JsonRow(index++, buffer.Data[element]);
                    buffer.Consume(consumed);
                    break;
                case Step.Opened:
                    buffer.Consume(consumed);
                    break;
                case Step.NeedMore:
                    await buffer.FillAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case Step.Broken:
                    onBroken(error!, index);
                    yield break;
                default:
                    yield break;
            }
        }
    }

    private enum Step { Opened, Element, NeedMore, End, Broken }

    /// <summary>
    /// One step of the array reader over the unread bytes: the opening bracket, one whole element, or
    /// the end. State moves on only when a step completes, so a step that needs more bytes is retried
    /// from the same place once the buffer holds them.
    /// </summary>
    private static Step Next(ReadOnlySpan<byte> data, bool isFinal, ref JsonReaderState state, ref bool opened,
        out int consumed, out Range element, out JsonException? error)
    {
        (consumed, element, error) = (0, default, null);
        var reader = new Utf8JsonReader(data, isFinal, state);
        try
        {
            if (!reader.Read())
            {
                return Step.NeedMore;
            }

            if (!opened)
            {
                // The first token is '[': the file was recognised as an array by its first non-space byte.
                opened = true;
                (consumed, state) = ((int)reader.BytesConsumed, reader.CurrentState);
                return Step.Opened;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                // Only whitespace may follow, as in a whole-document parse; the next Read throws otherwise.
                return !isFinal ? Step.NeedMore : reader.Read() ? throw new JsonException("content after the end of the JSON array") : Step.End;
            }

            int start = (int)reader.TokenStartIndex;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
            {
                return Step.NeedMore;
            }

            (consumed, state) = ((int)reader.BytesConsumed, reader.CurrentState);
            element = start..consumed;
            return Step.Element;
        }
        catch (JsonException ex)
        {
            error = ex;
            return Step.Broken;
        }
    }

    /// <summary>A growable window over a stream: unread bytes move to the front; the buffer doubles when one row fills it.</summary>
    private sealed class RowBuffer(Stream stream)
    {
        private byte[] _bytes = new byte[256 * 1024];
        private int _start, _end;

        public bool IsFinal { get; private set; }

        public ReadOnlyMemory<byte> Data => _bytes.AsMemory(_start, _end - _start);

        /// <summary>A buffer past the BOM, if any.</summary>
        public static async Task<RowBuffer> StartAsync(Stream stream, bool atFileStart, CancellationToken cancellationToken)
        {
            var buffer = new RowBuffer(stream);
            while (atFileStart && buffer.Data.Length < 3 && !buffer.IsFinal)
            {
                await buffer.FillAsync(cancellationToken).ConfigureAwait(false);
            }

            if (atFileStart && buffer.Data.Span.StartsWith("\uFEFF"u8))
            {
                buffer.Consume(3);
            }

            return buffer;
        }

        public void Consume(int count) => _start += count;

        public async Task FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_bytes, _start, _bytes, 0, _end - _start);
                (_end, _start) = (_end - _start, 0);
            }
            else if (_end == _bytes.Length)
            {
                Array.Resize(ref _bytes, _bytes.Length * 2);
            }

            int read = await stream.ReadAsync(_bytes.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            IsFinal = read == 0;
            _end += read;
        }
    }
}
