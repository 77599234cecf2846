using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Storage.Migrations;
using Arbiter.Storage.Rows;
using Npgsql;

namespace Arbiter.Storage.Postgres;

/// <summary>
/// The PostgreSQL store. One <see cref="NpgsqlDataSource"/> (and so one connection pool) per
/// instance: register the store as a singleton. Same schema and semantics as the SQLite store.
/// </summary>
public sealed partial class PostgresRunStore : IArbiterStore
{
    // Arbitrary constant shared by every Arbiter process: serializes concurrent migrations.
    private const string MigrationLock = "SELECT pg_advisory_xact_lock(7236401881)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _rawConnectionString;

    /// <summary>Creates a store from a <c>Host=…</c> or <c>postgres://…</c> connection string.</summary>
    /// <exception cref="StoreException">The connection string is malformed (message without the password).</exception>
    public PostgresRunStore(string connectionString)
    {
        var builder = PostgresConnectionString.Parse(connectionString);
        _rawConnectionString = connectionString;
        // Auto-prepare: the few statement shapes we send are then parsed and planned once per connection.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
        }

        Target = PostgresConnectionString.Describe(builder);
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>The database as "'db' on host:port" (no credentials).</summary>
    public string Target { get; }

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken cancellationToken = default) =>
        RunAsync(OpenOperation, connection =>
            Migrator.ApplyAsync(connection, "postgres", MigrationLock, Target, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async Task<RunRecord> UpsertRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        const string sql =
            $"INSERT INTO runs ({RowReader.RunColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) " +
            "ON CONFLICT (run_id) DO NOTHING";
        await RunAsync("upsert run", async connection =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<string> { TypedValue = run.RunId });
            p.Add(new NpgsqlParameter<string> { TypedValue = run.SpecHash });
            p.Add(new NpgsqlParameter<string> { TypedValue = run.SuiteId });
            p.Add(new NpgsqlParameter<string> { TypedValue = run.SuiteVersion });
            p.Add(new NpgsqlParameter<string> { TypedValue = run.ModelId });
            p.Add(new NpgsqlParameter<string> { TypedValue = run.Domain });
            p.Add(new NpgsqlParameter<string> { TypedValue = run.Language });
            p.Add(new NpgsqlParameter<int> { TypedValue = run.ItemCount });
            p.Add(new NpgsqlParameter<int> { TypedValue = run.Epochs });
            p.Add(new NpgsqlParameter<string> { TypedValue = StoredNames.ToText(run.Status) });
            p.Add(new NpgsqlParameter<long> { TypedValue = run.CreatedAtMs });
            p.Add(new NpgsqlParameter<long?> { TypedValue = run.FinishedAtMs });
            p.Add(new NpgsqlParameter<string> { TypedValue = run.ConfigJson });
            p.Add(new NpgsqlParameter<string> { TypedValue = StoredNames.ToText(run.Kind) });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        return await GetRunAsync(run.RunId, cancellationToken)
            ?? throw new StoreException($"PostgreSQL database {Target}: run '{run.RunId}' vanished after insert.");
    }

    /// <inheritdoc />
    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        await foreach (var run in QueryAsync("read run", $"SELECT {RowReader.RunColumns} FROM runs WHERE run_id = $1",
            [Text(runId)], RowReader.ReadRun, cancellationToken))
        {
            return run;
        }

        return null;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<RunRecord> ListRunsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("list runs", $"SELECT {RowReader.RunColumns} FROM runs ORDER BY created_at_ms DESC, run_id DESC",
            [], RowReader.ReadRun, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">No run has this id.</exception>
    public async Task CompleteRunAsync(string runId, long finishedAtMs, CancellationToken cancellationToken = default)
    {
        var updated = await RunAsync("complete run", async connection =>
        {
            await using var command = new NpgsqlCommand("UPDATE runs SET status = $1, finished_at_ms = $2 WHERE run_id = $3", connection);
            command.Parameters.Add(Text(StoredNames.ToText(RunStatus.Completed)));
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = finishedAtMs });
            command.Parameters.Add(Text(runId));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        if (updated == 0)
        {
            throw new KeyNotFoundException($"No run '{runId}' to complete.");
        }
    }

    /// <inheritdoc />
    public Task<int> DeleteErrorSamplesAsync(string runId, CancellationToken cancellationToken = default) =>
        RunAsync("delete failed samples", async connection =>
        {
            // One statement: the run is reopened only when something was deleted.
            await using var command = new NpgsqlCommand(
                "WITH gone AS (DELETE FROM samples WHERE run_id = $1 AND status = $2 RETURNING 1), " +
                "reopened AS (UPDATE runs SET status = $3, finished_at_ms = NULL WHERE run_id = $1 AND EXISTS (SELECT 1 FROM gone)) " +
                "SELECT COUNT(*)::int FROM gone", connection);
            command.Parameters.Add(Text(runId));
            command.Parameters.Add(Text(StoredNames.ToText(SampleStatus.Error)));
            command.Parameters.Add(Text(StoredNames.ToText(RunStatus.Running)));
            return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteSamplesAsync(string runId, IReadOnlyCollection<(string ItemId, int Epoch)> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0) return Task.FromResult(0);
        var items = keys.Select(k => k.ItemId).ToArray();
        var epochs = keys.Select(k => k.Epoch).ToArray();
        return RunAsync("delete samples", async connection =>
        {
            await using var command = new NpgsqlCommand(
                "WITH gone AS (DELETE FROM samples WHERE run_id = $1 AND (item_id, epoch) IN (SELECT * FROM unnest($2::text[], $3::int[])) RETURNING 1), " +
                "reopened AS (UPDATE runs SET status = $4, finished_at_ms = NULL WHERE run_id = $1 AND EXISTS (SELECT 1 FROM gone)) " +
                "SELECT COUNT(*)::int FROM gone", connection);
            command.Parameters.Add(Text(runId));
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = items });
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = epochs });
            command.Parameters.Add(Text(StoredNames.ToText(RunStatus.Running)));
            return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<(string ItemId, int Epoch)>> GetSampleKeysAsync(string runId, CancellationToken cancellationToken = default)
    {
        var keys = new HashSet<(string ItemId, int Epoch)>();
        await foreach (var key in QueryAsync("read sample keys", "SELECT item_id, epoch FROM samples WHERE run_id = $1",
            [Text(runId)], r => (r.GetString(0), r.GetInt32(1)), cancellationToken))
        {
            keys.Add(key);
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<(string ItemId, int Epoch)>> GetSampleKeysAsync(string runId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        var keys = new HashSet<(string ItemId, int Epoch)>();
        if (itemIds.Count == 0)
        {
            return keys;
        }

        await foreach (var key in QueryAsync("read sample keys", "SELECT item_id, epoch FROM samples WHERE run_id = $1 AND item_id = ANY($2)",
            [Text(runId), new NpgsqlParameter<string[]> { TypedValue = [.. itemIds] }], r => (r.GetString(0), r.GetInt32(1)), cancellationToken))
        {
            keys.Add(key);
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task WriteSamplesAsync(IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return;
        }

        await RunAsync("write samples", async connection =>
        {
            await using var batch = PostgresSampleBatch.Build(connection, samples);
            return await batch.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<SampleRecord> ReadSamplesAsync(string runId, CancellationToken cancellationToken = default) =>
        QueryAsync("read samples", $"SELECT {RowReader.SampleColumns} FROM samples WHERE run_id = $1 ORDER BY item_id, epoch",
            [Text(runId)], RowReader.ReadSample, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, ModelResponse>> GetCachedAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var hits = new Dictionary<string, ModelResponse>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return hits;
        }

        await foreach (var hit in QueryAsync("read cache", $"SELECT {RowReader.CacheColumns} FROM response_cache WHERE key = ANY($1)",
            [new NpgsqlParameter<string[]> { TypedValue = [.. keys] }],
            r => (Key: r.GetString(0), Response: RowReader.ReadResponse(r, 1)), cancellationToken))
        {
            hits[hit.Key] = hit.Response;
        }

        return hits;
    }

    /// <inheritdoc />
    public async Task<RunSummary?> SummarizeAsync(string runId, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return null;
        }

        // SUM over NUMERIC is exact and NULL when every cost is NULL, which is what Cost means.
        const string sql =
            "SELECT COUNT(*)::int, (COUNT(*) FILTER (WHERE status = 'error'))::int, COALESCE(SUM(score_value), 0), " +
            "COUNT(score_value)::int, COALESCE(SUM(input_tokens), 0)::bigint, COALESCE(SUM(output_tokens), 0)::bigint, SUM(cost) " +
            "FROM samples WHERE run_id = $1";
        RunSummary? summary = null;
        await foreach (var row in QueryAsync("summarize run", sql, [Text(runId)],
            r => new RunSummary(run, r.GetInt32(0), r.GetInt32(1), r.GetDouble(2), r.GetInt32(3), r.GetInt64(4), r.GetInt64(5),
                RowReader.ReadCost(r, 6)), cancellationToken))
        {
            summary = row;
        }

        return summary;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Describes the store without credentials.</summary>
    public override string ToString() => $"PostgreSQL {Target}";
}
