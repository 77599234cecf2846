using Arbiter.Core.Runs;
using Arbiter.Storage.Rows;
using Npgsql;

namespace Arbiter.Storage.Postgres;

/// <summary>
/// Turns a batch of samples into two set-based statements: column arrays expanded by
/// <c>unnest</c> and inserted with ON CONFLICT DO NOTHING. One statement per table, whatever the
/// batch size, in one round trip; the shape never changes, so it is prepared once per connection.
/// </summary>
internal static class PostgresSampleBatch
{
    private const string InsertSamples =
        $"INSERT INTO samples ({RowReader.SampleColumns}) SELECT * FROM unnest(" +
        "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) " +
        "ON CONFLICT (run_id, item_id, epoch) DO NOTHING";

    private const string InsertCache =
        $"INSERT INTO response_cache ({RowReader.CacheColumns}) SELECT * FROM unnest(" +
        "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (key) DO NOTHING";

    /// <summary>
    /// Builds the batch. Without an explicit transaction PostgreSQL runs all commands of one
    /// batch (one Sync) as a single implicit transaction, so samples and cache commit together.
    /// </summary>
    public static NpgsqlBatch Build(NpgsqlConnection connection, IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples)
    {
        var batch = new NpgsqlBatch(connection);
        var all = samples.Select(s => s.Sample).ToArray();
        var command = new NpgsqlBatchCommand(InsertSamples);
        command.Parameters.Add(Column(all, s => s.RunId));
        command.Parameters.Add(Column(all, s => s.ItemId));
        command.Parameters.Add(Column(all, s => s.Epoch));
        AddResponseColumns(command, all.Select(s => s.Response).ToArray());
        command.Parameters.Add(Column(all, s => s.Score?.Value));
        command.Parameters.Add(Column(all, s => Clean(s.Score?.Extracted)));
        command.Parameters.Add(Column(all, s => Clean(s.Score?.Explanation)));
        command.Parameters.Add(Column(all, s => s.Cost));
        command.Parameters.Add(Column(all, s => s.CacheHit));
        command.Parameters.Add(Column(all, s => s.CompletedAtMs));
        command.Parameters.Add(Column(all, s => Clean(s.MetadataJson)));
        batch.BatchCommands.Add(command);

        var cacheable = samples
            .Where(s => s.CacheKey is not null && s.Sample.Response.Status == SampleStatus.Ok)
            .ToArray();
        if (cacheable.Length > 0)
        {
            var cache = new NpgsqlBatchCommand(InsertCache);
            cache.Parameters.Add(Column(cacheable, s => s.CacheKey!));
            AddResponseColumns(cache, cacheable.Select(s => s.Sample.Response).ToArray());
            cache.Parameters.Add(Column(cacheable, s => s.Sample.CompletedAtMs));
            batch.BatchCommands.Add(cache);
        }

        return batch;
    }

    private static void AddResponseColumns(NpgsqlBatchCommand command, ModelResponse[] responses)
    {
        command.Parameters.Add(Column(responses, r => Clean(r.Text)));
        command.Parameters.Add(Column(responses, r => Clean(r.Thinking)));
        command.Parameters.Add(Column(responses, r => Clean(r.FinishReason)));
        command.Parameters.Add(Column(responses, r => r.Usage.Input));
        command.Parameters.Add(Column(responses, r => r.Usage.Output));
        command.Parameters.Add(Column(responses, r => r.LatencyMs));
        command.Parameters.Add(Column(responses, r => r.TimeToFirstTokenMs));
        command.Parameters.Add(Column(responses, r => r.Attempts));
        command.Parameters.Add(Column(responses, r => StoredNames.ToText(r.Status)));
        command.Parameters.Add(Column(responses, r => StoredNames.ToText(r.ErrorKind)));
        command.Parameters.Add(Column(responses, r => Clean(r.Error)));
    }

    /// <summary>
    /// PostgreSQL text cannot hold U+0000 and would reject the whole batch, so free text (model
    /// output, errors, metadata) gets U+FFFD instead; SQLite stores it unchanged.
    /// </summary>
    private static string? Clean(string? value) =>
        value is not null && value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    /// <summary>A typed array parameter; Npgsql maps T[] (including nullable T) to the SQL array type.</summary>
    private static NpgsqlParameter<TValue[]> Column<TRow, TValue>(TRow[] rows, Func<TRow, TValue> select) =>
        new() { TypedValue = Array.ConvertAll(rows, r => select(r)) };
}
