using Arbiter.Core.Arena;

namespace Arbiter.Engine.Arena;

/// <summary>
/// Reads a battle file straight into a <see cref="BattleTable"/> for a leaderboard: no hashing pass (a
/// leaderboard needs no battle ids), no <see cref="ArenaBattle"/> per row. Each row is scanned once
/// with <see cref="System.Text.Json.Utf8JsonReader"/> (<see cref="BattleRowScanner"/>); a row the scan
/// does not take as plainly valid — a problem, an odd shape, style to be counted from the conversation —
/// goes through the importer's own row code, so problems, filters and values are exactly the importer's.
/// </summary>
public static class BattleTableReader
{
    /// <summary>
    /// The battles of <paramref name="path"/> passing <paramref name="filter"/>, in file order; every skipped
    /// row goes to <paramref name="onProblem"/> with its line (JSONL) or element index (array).
    /// </summary>
    public static Task<BattleTable> ReadAsync(string path, BattleFilter? filter = null, bool keepStyle = false,
        Action<BattleProblem>? onProblem = null, BattleFormat format = BattleFormat.Auto, CancellationToken cancellationToken = default) =>
        ReadAsync(path, filter, keepStyle, onProblem, format, BattleTableParts.DefaultPartBytes, Math.Min(Environment.ProcessorCount, 8), cancellationToken);

    /// <summary>
    /// As the public overload; a file of at least two <paramref name="partBytes"/> is read on more than one core (with
    /// <paramref name="maxParts"/> above 1): JSON Lines in parallel parts, one per <paramref name="partBytes"/> and at most
    /// <paramref name="maxParts"/>; a JSON array with its elements found on one core and read on another.
    /// </summary>
    internal static async Task<BattleTable> ReadAsync(string path, BattleFilter? filter, bool keepStyle,
        Action<BattleProblem>? onProblem, BattleFormat format, long partBytes, int maxParts, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        filter ??= BattleFilter.All;
        onProblem ??= static _ => { };
        var open = () => (Stream)new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        bool isArray = await FirstByteAsync(open, cancellationToken).ConfigureAwait(false) == (byte)'[';
        if (format == BattleFormat.Auto)
        {
            format = isArray ? BattleFormat.FastChat : await DetectLinesFormatAsync(open, cancellationToken).ConfigureAwait(false);
        }

        var settings = new Settings(filter, format, keepStyle);
        int parts = BattleTableParts.PartCount(new FileInfo(path).Length, partBytes, maxParts);
        if (parts > 1 && !isArray)
        {
            return await BattleTableParts.ReadAsync(path, parts, settings, onProblem, cancellationToken).ConfigureAwait(false);
        }

        var stream = open();
        await using (stream.ConfigureAwait(false))
        {
            if (!isArray)
            {
                return (await ReadLinesAsync(stream, atFileStart: true, settings, onProblem, cancellationToken).ConfigureAwait(false)).Table;
            }

            var table = new BattleTable(keepStyle);
            var scanner = new BattleRowScanner(table, filter, format, keepStyle);
            void OnBroken(System.Text.Json.JsonException ex, long kept) => onProblem(BattleFile.Broken(ex, kept));
            if (parts > 1)
            {
                // A large array: finding where elements end runs beside reading them.
                await ElementPipeline.ReadAsync(stream, row => Add(row, isArray: true, table, scanner, settings, onProblem), OnBroken, cancellationToken)
                    .ConfigureAwait(false);
                return table;
            }

            await foreach (var row in JsonRows.ElementsAsync(stream, OnBroken, cancellationToken).ConfigureAwait(false))
            {
                Add(row, isArray: true, table, scanner, settings, onProblem);
            }

            return table;
        }
    }

    /// <summary>What a read keeps: the filter, the format, and whether style counts are kept.</summary>
    internal sealed record Settings(BattleFilter Filter, BattleFormat Format, bool KeepStyle);

    /// <summary>The JSON Lines of <paramref name="stream"/> into a new table, and the number of lines read (blank ones too).</summary>
    internal static async Task<(BattleTable Table, long Lines)> ReadLinesAsync(Stream stream, bool atFileStart, Settings settings,
        Action<BattleProblem> onProblem, CancellationToken cancellationToken)
    {
        var table = new BattleTable(settings.KeepStyle);
        var scanner = new BattleRowScanner(table, settings.Filter, settings.Format, settings.KeepStyle);
        long lines = 0;
        await foreach (var row in JsonRows.LinesAsync(stream, atFileStart, cancellationToken).ConfigureAwait(false))
        {
            lines = row.Location;
            if (!BattleFile.IsBlank(row.Json.Span))
            {
                Add(row, isArray: false, table, scanner, settings, onProblem);
            }
        }

        return (table, lines);
    }

    private static void Add(JsonRow row, bool isArray, BattleTable table, BattleRowScanner scanner, Settings settings, Action<BattleProblem> onProblem)
    {
        if (scanner.TryAdd(row.Json.Span) is BattleRowScanner.Result.Slow
            // The importer's path decides: its problems and its values (the id is not needed, so no file hash).
            && BattleImporter.ReadRow(row, isArray, settings.Format, "", onProblem) is { } battle && settings.Filter.Matches(battle))
        {
            table.Add(battle);
        }
    }

    private static async Task<byte> FirstByteAsync(Func<Stream> open, CancellationToken cancellationToken)
    {
        var stream = open();
        await using (stream.ConfigureAwait(false))
        {
            byte[] chunk = new byte[64 * 1024];
            bool atStart = true;
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var data = chunk.AsSpan(0, read);
                if (atStart && data.StartsWith("\uFEFF"u8)) data = data[3..];
                atStart = false;
                if (data.IndexOfAnyExcept(" \t\r\n"u8) is int at and >= 0) return data[at];
            }

            return 0;
        }
    }

    private static async Task<BattleFormat> DetectLinesFormatAsync(Func<Stream> open, CancellationToken cancellationToken)
    {
        var stream = open();
        await using (stream.ConfigureAwait(false))
        {
            return await BattleFile.DetectLinesFormatAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }
}
