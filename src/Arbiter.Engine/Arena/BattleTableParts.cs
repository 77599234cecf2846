using Arbiter.Core.Arena;
using Microsoft.Win32.SafeHandles;

namespace Arbiter.Engine.Arena;

/// <summary>
/// The parallel read of a large JSON Lines battle file for <see cref="BattleTableReader"/>. Parsing is nearly all of a
/// battle-file leaderboard's time and runs at one core's speed, so the file is cut at line ends into parts read at once,
/// each into its own <see cref="BattleTable"/>. The parts are appended in file order, so the models keep their first-seen
/// order and the problems their lines and their order: exactly what one sequential read gives. A later part holds its
/// problems until the parts before it are done; past <see cref="MaxHeldProblems"/> it gives up, and the file from that
/// part on is read in order after the earlier ones (a file that bad costs what a sequential read costs).
/// </summary>
internal static class BattleTableParts
{
    /// <summary>Smallest part worth a core: below ~100,000 rows the thread costs more than it saves.</summary>
    internal const long DefaultPartBytes = 16L << 20;

    /// <summary>Problems a later part may hold before it gives up its head start.</summary>
    internal const int MaxHeldProblems = 10_000;

    /// <summary>How many parts a file of <paramref name="length"/> bytes is read in.</summary>
    public static int PartCount(long length, long partBytes, int maxParts) =>
        (int)Math.Clamp(length / Math.Max(1, partBytes), 1, Math.Max(1, maxParts));

    /// <summary>Reads the JSON Lines file in <paramref name="parts"/> parts (at least two) and appends them in order.</summary>
    public static async Task<BattleTable> ReadAsync(string path, int parts, BattleTableReader.Settings settings,
        Action<BattleProblem> onProblem, CancellationToken cancellationToken)
    {
        long[] cuts = Cut(path, parts);
        using var laterParts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var later = new Task<Part>[cuts.Length - 2];
        for (int p = 0; p < later.Length; p++)
        {
            long start = cuts[p + 1], end = cuts[p + 2];
            later[p] = Task.Run(() => ReadHeldAsync(path, start, end, settings, laterParts.Token), laterParts.Token);
        }

        try
        {
            var (table, lines) = await ReadRangeAsync(path, 0, cuts[1], settings, onProblem, cancellationToken).ConfigureAwait(false);
            for (int p = 0; p < later.Length; p++)
            {
                Part part = await later[p].ConfigureAwait(false);
                if (part.GaveUp)
                {
                    // Too many problems to hold: the rest of the file in order, its problems passed on as they come.
                    laterParts.Cancel();
                    long offset = lines;
                    var (rest, _) = await ReadRangeAsync(path, cuts[p + 1], cuts[^1], settings,
                        problem => onProblem(problem with { Location = problem.Location + offset }), cancellationToken).ConfigureAwait(false);
                    table.Append(rest);
                    return table;
                }

                foreach (var problem in part.Problems) onProblem(problem with { Location = problem.Location + lines });
                table.Append(part.Table);
                lines += part.Lines;
            }

            return table;
        }
        finally
        {
            // Whatever ended the read, no part is left reading the file; a part's own failure after that changes nothing.
            laterParts.Cancel();
            await Task.WhenAll(later).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)
                .ConfigureAwait(false);
        }
    }

    /// <summary>A later part: its table, its line count and its problems (lines counted from the part's start).</summary>
    private sealed record Part(BattleTable Table, long Lines, List<BattleProblem> Problems, bool GaveUp);

    private static async Task<Part> ReadHeldAsync(string path, long start, long end, BattleTableReader.Settings settings, CancellationToken cancellationToken)
    {
        var held = new List<BattleProblem>();
        try
        {
            var (table, lines) = await ReadRangeAsync(path, start, end, settings, problem =>
            {
                if (held.Count == MaxHeldProblems) throw new TooManyProblemsException();
                held.Add(problem);
            }, cancellationToken).ConfigureAwait(false);
            return new Part(table, lines, held, GaveUp: false);
        }
        catch (TooManyProblemsException)
        {
            return new Part(new BattleTable(), 0, [], GaveUp: true);
        }
    }

    private static async Task<(BattleTable Table, long Lines)> ReadRangeAsync(string path, long start, long end,
        BattleTableReader.Settings settings, Action<BattleProblem> onProblem, CancellationToken cancellationToken)
    {
        var stream = new FileSlice(path, start, end);
        await using (stream.ConfigureAwait(false))
        {
            return await BattleTableReader.ReadLinesAsync(stream, atFileStart: start == 0, settings, onProblem, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Offsets where the parts start (each just after a line end), then the file's length; fewer parts when lines are long.</summary>
    internal static long[] Cut(string path, int parts)
    {
        using SafeFileHandle file = File.OpenHandle(path);
        long length = RandomAccess.GetLength(file);
        var cuts = new List<long> { 0 };
        byte[] chunk = new byte[64 * 1024];
        for (int p = 1; p < parts; p++)
        {
            long at = Math.Max(length * p / parts, cuts[^1]);
            long next = -1;
            while (next < 0 && at < length)
            {
                int read = RandomAccess.Read(file, chunk, at);
                if (read == 0) break;
                int newline = chunk.AsSpan(0, read).IndexOf((byte)'\n');
                if (newline >= 0) next = at + newline + 1;
                at += read;
            }

            if (next > cuts[^1] && next < length) cuts.Add(next);
        }

        cuts.Add(length);
        return [.. cuts];
    }

    private sealed class TooManyProblemsException : Exception;

    /// <summary>The bytes [start, end) of a file as a read-only stream.</summary>
    private sealed class FileSlice(string path, long start, long end) : Stream
    {
        private readonly FileStream _file = OpenAt(path, start);
        private long _left = end - start;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = _file.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await _file.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _left)], cancellationToken).ConfigureAwait(false);
            _left -= read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _file.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await _file.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }

        private static FileStream OpenAt(string path, long offset)
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            file.Position = offset;
            return file;
        }
    }
}
