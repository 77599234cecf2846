using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Arbiter.Core.Arena;

namespace Arbiter.Engine.Arena;

/// <summary>
/// A battle file opened for streaming. Opening reads it once to hash it (generated ids embed the hash
/// of the whole content, BOM included) and to detect the format; <see cref="ReadAsync"/> then parses
/// it row by row, so memory does not grow with the file: a 2 GB LMArena dump reads like a small one.
/// </summary>
public sealed class BattleFile
{
    private const int HashChunk = 1024 * 1024;
    private readonly Func<Stream> _open;
    private readonly string _hash;
    private readonly bool _isArray;

    private BattleFile(Func<Stream> open, string hash, bool isArray, BattleFormat format) =>
        (_open, _hash, _isArray, Format) = (open, hash, isArray, format);

    /// <summary>The format read (never <see cref="BattleFormat.Auto"/>).</summary>
    public BattleFormat Format { get; }

    /// <summary>Hashes the file and detects its format (unless <paramref name="format"/> names it).</summary>
    public static Task<BattleFile> OpenAsync(string path, BattleFormat format = BattleFormat.Auto, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Unbuffered: the readers keep their own buffers.
        return OpenAsync(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan),
            format, cancellationToken);
    }

    /// <summary>Opens content that <paramref name="open"/> yields afresh for every pass.</summary>
    internal static async Task<BattleFile> OpenAsync(Func<Stream> open, BattleFormat format, CancellationToken cancellationToken)
    {
        var (hash, first) = await ScanAsync(open, cancellationToken).ConfigureAwait(false);
        bool isArray = first == (byte)'[';
        if (format == BattleFormat.Auto)
        {
            format = isArray ? BattleFormat.FastChat : await DetectLinesFormatAsync(open, cancellationToken).ConfigureAwait(false);
        }

        return new BattleFile(open, hash, isArray, format);
    }

    /// <summary>
    /// The valid battles in file order; every skipped row goes to <paramref name="onProblem"/> as it is
    /// met. A malformed JSON array ends the read with one problem located at the reader's line: the
    /// elements before the break are kept (a whole-document parse would have rejected them all).
    /// </summary>
    public async IAsyncEnumerable<ArenaBattle> ReadAsync(Action<BattleProblem>? onProblem = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        onProblem ??= static _ => { };
        var stream = _open();
        await using (stream.ConfigureAwait(false))
        {
            var rows = _isArray
                ? JsonRows.ElementsAsync(stream, (ex, kept) => onProblem(Broken(ex, kept)), cancellationToken)
                : JsonRows.LinesAsync(stream, cancellationToken);
            await foreach (var row in rows.ConfigureAwait(false))
            {
                if (!_isArray && IsBlank(row.Json.Span))
                {
                    continue;
                }

                if (BattleImporter.ReadRow(row, _isArray, Format, _hash, onProblem) is { } battle)
                {
                    yield return battle;
                }
            }
        }
    }

    internal static BattleProblem Broken(JsonException ex, long kept) =>
        new((ex.LineNumber ?? 0) + 1, BattleProblemKind.InvalidJson,
            $"the JSON array is malformed: {ex.Message} (the {kept} element(s) before it are read)");

    internal static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

    /// <summary>The first pass: SHA-256 of every byte, and the first non-space byte after the BOM.</summary>
    private static async Task<(string Hash, byte First)> ScanAsync(Func<Stream> open, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var stream = open();
        await using (stream.ConfigureAwait(false))
        {
            byte[] chunk = new byte[HashChunk];
            byte first = 0;
            bool atStart = true;
            int read;
            while ((read = await stream.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha.AppendData(chunk, 0, read);
                var data = chunk.AsSpan(0, read);
                if (atStart && data.StartsWith("\uFEFF"u8))
                {
                    data = data[3..];
                }

                atStart = false;
                if (first == 0 && data.IndexOfAnyExcept(" \t\r\n"u8) is int at and >= 0)
                {
                    first = data[at];
                }
            }

            return (Convert.ToHexStringLower(sha.GetHashAndReset())[..12], first);
        }
    }

    /// <summary>JSON Lines are FastChat when the first object row has a FastChat-only field, else arena-hard.</summary>
    private static async Task<BattleFormat> DetectLinesFormatAsync(Func<Stream> open, CancellationToken cancellationToken)
    {
        var stream = open();
        await using (stream.ConfigureAwait(false))
        {
            return await DetectLinesFormatAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The format the first object line of <paramref name="stream"/> decides (arena-hard when none does).</summary>
    internal static async Task<BattleFormat> DetectLinesFormatAsync(Stream stream, CancellationToken cancellationToken)
    {
        await foreach (var row in JsonRows.LinesAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            if (BattleImporter.FirstObjectFormat(row.Json) is { } format)
            {
                return format;
            }
        }

        return BattleFormat.ArenaHard;
    }
}
