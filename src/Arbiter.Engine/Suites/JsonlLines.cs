using System.Buffers;
using System.Text;

namespace Arbiter.Engine.Suites;

/// <summary>
/// The lines of a UTF-8 file with the byte offset each starts at, so that a line can be read again later
/// without holding the file. Line breaks and decoding are <see cref="StreamReader.ReadLine"/>'s: <c>\n</c>,
/// <c>\r\n</c> or a lone <c>\r</c> end a line, a UTF-8 BOM is skipped, a final break adds no empty line.
/// </summary>
internal static class JsonlLines
{
    private const int Chunk = 64 * 1024;

    /// <summary>False for files that start with a UTF-16 or UTF-32 byte-order mark (read those with a <see cref="StreamReader"/>).</summary>
    public static bool IsUtf8(string path)
    {
        Span<byte> head = stackalloc byte[2];
        using var stream = File.OpenRead(path);
        int read = stream.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        return read < 2 || !(head.SequenceEqual((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.SequenceEqual((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.SequenceEqual((ReadOnlySpan<byte>)[0, 0]));
    }

    /// <summary>Lines from <paramref name="offset"/> on (an offset this method yielded, or 0); line numbers count from there.</summary>
    public static IEnumerable<(string Line, int LineNo, long Offset)> Read(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        stream.Position = offset;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            int start = 0, end = 0, lineNo = 0;
            long position = offset; // file offset of buffer[start]
            bool final = false, skipLf = false;
            if (offset == 0)
            {
                end = stream.ReadAtLeast(buffer.AsSpan(0, 3), 3, throwOnEndOfStream: false);
                if (buffer.AsSpan(0, end).SequenceEqual("\uFEFF"u8)) (start, position) = (3, 3);
            }

            while (true)
            {
                var data = buffer.AsSpan(start, end - start);
                if (skipLf && !data.IsEmpty)
                {
                    // The \n of a \r\n split between reads.
                    skipLf = false;
                    if (data[0] == (byte)'\n')
                    {
                        (start, position) = (start + 1, position + 1);
                        continue;
                    }
                }

                int brk = data.IndexOfAny((byte)'\n', (byte)'\r');
                if (brk < 0 && !final)
                {
                    // Keep the partial line at the front; grow when one line fills the buffer.
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        (end, start) = (end - start, 0);
                    }
                    else if (end == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, end);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    int read = stream.Read(buffer, end, buffer.Length - end);
                    final = read == 0;
                    end += read;
                    continue;
                }

                if (brk < 0 && data.IsEmpty) yield break;
                int length = brk < 0 ? data.Length : brk;
                int consumed = brk < 0 ? length : length + 1;
                if (brk >= 0 && data[brk] == (byte)'\r')
                {
                    if (brk + 1 < data.Length)
                    {
                        consumed += data[brk + 1] == (byte)'\n' ? 1 : 0;
                    }
                    else
                    {
                        skipLf = true;
                    }
                }

                yield return (Encoding.UTF8.GetString(data[..length]), ++lineNo, position);
                (start, position) = (start + consumed, position + consumed);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
