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
    public static async Task<BattleTable> ReadAsync(string path, BattleFilter? filter = null, bool keepStyle = false,
        Action<BattleProblem>? onProblem = null, BattleFormat format = BattleFormat.Auto, CancellationToken cancellationToken = default)
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

        var table = new BattleTable(keepStyle);
        var scanner = new BattleRowScanner(table, filter, format, keepStyle);
        var stream = open();
        await using (stream.ConfigureAwait(false))
        {
            var rows = isArray
                ? JsonRows.ElementsAsync(stream, (ex, kept) => onProblem(BattleFile.Broken(ex, kept)), cancellationToken)
                : JsonRows.LinesAsync(stream, cancellationToken);
            await foreach (var row in rows.ConfigureAwait(false))
            {
                if (!isArray && BattleFile.IsBlank(row.Json.Span))
                {
                    continue;
                }

                if (scanner.TryAdd(row.Json.Span) is BattleRowScanner.Result.Slow)
                {
                    // The importer's path decides: its problems and its values (the id is not needed, so no file hash).
                    if (BattleImporter.ReadRow(row, isArray, format, "", onProblem) is { } battle && filter.Matches(battle))
                    {
                        table.Add(battle);
                    }
                }
            }
        }

        return table;
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
