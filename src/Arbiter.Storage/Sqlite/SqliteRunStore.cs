using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Storage.Migrations;
using Arbiter.Storage.Rows;
using Microsoft.Data.Sqlite;

namespace Arbiter.Storage.Sqlite;

/// <summary>
/// The default store: one SQLite file in WAL mode. Writes are serialized through one connection
/// (SQLite has a single writer anyway); reads use their own pooled connections and never wait for
/// writes. Call <see cref="MigrateAsync"/> once before anything else.
/// </summary>
public sealed partial class SqliteRunStore : IArbiterStore
{
    internal const string BusyTimeoutPragma = "PRAGMA busy_timeout=10000;";

    private readonly string _connectionString;
    private readonly string _readConnectionString;
    private readonly bool _readOnly;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteCheckpointer _checkpointer;
    private SqliteWriteSession? _session;
    private bool _disposed;

    /// <summary>Creates a store on <paramref name="path"/>; nothing is opened until first use.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="readOnly">
    /// For commands that only read: the file must exist (it is never created), reads open it read-only (so a
    /// read-only file works and no writer's lock is waited for), and every write method throws. See <see cref="MigrateAsync"/>.
    /// </param>
    public SqliteRunStore(string path = "./arbiter.db", bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        _readOnly = readOnly;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _readConnectionString = readOnly
            ? new SqliteConnectionStringBuilder { DataSource = FilePath, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString()
            : _connectionString;
        _checkpointer = new SqliteCheckpointer(_connectionString);
    }

    /// <summary>Absolute path of the database file.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    /// <remarks>
    /// A schema that is already current is detected on a reader connection: read-only commands then
    /// never ask for the write lock, so they do not wait behind another process's long write. Read-only,
    /// a missing file is an error (a read must never leave an empty database behind, and an empty one
    /// would hide a wrong path), and a schema older than this build is upgraded once (without it nothing
    /// could be read).
    /// </remarks>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (_readOnly && !File.Exists(FilePath))
        {
            throw new StoreException($"No SQLite database at '{FilePath}': nothing has been stored there. " +
                "Check --db, or run.database / run.databaseUrlEnv in arbiter.yaml (--config).");
        }

        if (await IsSchemaCurrentAsync(cancellationToken)) return;
        await WriteAsync(OpenOperation, session =>
            Migrator.ApplyAsync(session.Connection, "sqlite", lockSql: null, $"'{FilePath}'", cancellationToken), cancellationToken);
    }

    private async Task<bool> IsSchemaCurrentAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath)) return false;
        var applied = new HashSet<int>();
        try
        {
            await foreach (var v in QueryAsync("read schema version", "SELECT version FROM schema_migrations", _ => { }, r => r.GetInt32(0), cancellationToken))
            {
                applied.Add(v);
            }
        }
        catch (StoreException)
        {
            // No version table yet (or unreadable): the migration path reports the real problem.
            return false;
        }

        // Every known migration must be there, not just the newest number: versions may have gaps, and a branch
        // merged later adds lower numbers (a database at 12 without 5 still needs 5). A writer also sends a newer
        // schema through ApplyAsync, which refuses it with a clear message; a reader reads what it can.
        var known = Migrator.Load("sqlite");
        return known.All(m => applied.Contains(m.Version)) && (_readOnly || applied.Max() <= known[^1].Version);
    }

    /// <inheritdoc />
    public async Task<RunRecord> UpsertRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await WriteAsync("upsert run", session =>
        {
            using var command = session.Connection.CreateCommand();
            command.CommandText =
                $"INSERT INTO runs ({RowReader.RunColumns}) VALUES ($id, $hash, $suite, $version, $model, $domain, " +
                "$language, $items, $epochs, $status, $created, $finished, $config, $kind) ON CONFLICT (run_id) DO NOTHING";
            var p = command.Parameters;
            p.AddWithValue("$id", run.RunId);
            p.AddWithValue("$hash", run.SpecHash);
            p.AddWithValue("$suite", run.SuiteId);
            p.AddWithValue("$version", run.SuiteVersion);
            p.AddWithValue("$model", run.ModelId);
            p.AddWithValue("$domain", run.Domain);
            p.AddWithValue("$language", run.Language);
            p.AddWithValue("$items", run.ItemCount);
            p.AddWithValue("$epochs", run.Epochs);
            p.AddWithValue("$status", StoredNames.ToText(run.Status));
            p.AddWithValue("$created", run.CreatedAtMs);
            p.AddWithValue("$finished", (object?)run.FinishedAtMs ?? DBNull.Value);
            p.AddWithValue("$config", run.ConfigJson);
            p.AddWithValue("$kind", StoredNames.ToText(run.Kind));
            return Task.FromResult(command.ExecuteNonQuery());
        }, cancellationToken);
        return await GetRunAsync(run.RunId, cancellationToken)
            ?? throw new StoreException($"SQLite database '{FilePath}': run '{run.RunId}' vanished after insert.");
    }

    /// <inheritdoc />
    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        await foreach (var run in QueryAsync("read run", $"SELECT {RowReader.RunColumns} FROM runs WHERE run_id = $id",
            p => p.AddWithValue("$id", runId), RowReader.ReadRun, cancellationToken))
        {
            return run;
        }

        return null;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<RunRecord> ListRunsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("list runs", $"SELECT {RowReader.RunColumns} FROM runs ORDER BY created_at_ms DESC, run_id DESC",
            _ => { }, RowReader.ReadRun, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">No run has this id.</exception>
    public async Task CompleteRunAsync(string runId, long finishedAtMs, CancellationToken cancellationToken = default)
    {
        var updated = await WriteAsync("complete run", session =>
        {
            using var command = session.Connection.CreateCommand();
            command.CommandText = "UPDATE runs SET status = $status, finished_at_ms = $finished WHERE run_id = $id";
            command.Parameters.AddWithValue("$status", StoredNames.ToText(RunStatus.Completed));
            command.Parameters.AddWithValue("$finished", finishedAtMs);
            command.Parameters.AddWithValue("$id", runId);
            return Task.FromResult(command.ExecuteNonQuery());
        }, cancellationToken);
        if (updated == 0)
        {
            throw new KeyNotFoundException($"No run '{runId}' to complete.");
        }
    }

    /// <inheritdoc />
    public Task<int> DeleteErrorSamplesAsync(string runId, CancellationToken cancellationToken = default) =>
        WriteAsync("delete failed samples", session =>
        {
            using var transaction = session.Connection.BeginTransaction();
            using var delete = session.Connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM samples WHERE run_id = $id AND status = $error";
            delete.Parameters.AddWithValue("$id", runId);
            delete.Parameters.AddWithValue("$error", StoredNames.ToText(SampleStatus.Error));
            var deleted = delete.ExecuteNonQuery();
            if (deleted > 0) Reopen(session.Connection, transaction, runId);

            transaction.Commit();
            return Task.FromResult(deleted);
        }, cancellationToken);

    /// <summary>A run that lost samples is running again: a resume fills them in.</summary>
    private static void Reopen(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction, string runId)
    {
        using var reopen = connection.CreateCommand();
        reopen.Transaction = transaction;
        reopen.CommandText = "UPDATE runs SET status = $status, finished_at_ms = NULL WHERE run_id = $id";
        reopen.Parameters.AddWithValue("$status", StoredNames.ToText(RunStatus.Running));
        reopen.Parameters.AddWithValue("$id", runId);
        reopen.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public Task<int> DeleteSamplesAsync(string runId, IReadOnlyCollection<(string ItemId, int Epoch)> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Count == 0 ? Task.FromResult(0) : WriteAsync("delete samples", session =>
        {
            using var transaction = session.Connection.BeginTransaction();
            using var delete = session.Connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM samples WHERE run_id = $id AND item_id = $item AND epoch = $epoch";
            delete.Parameters.AddWithValue("$id", runId);
            var item = delete.Parameters.Add("$item", Microsoft.Data.Sqlite.SqliteType.Text);
            var epoch = delete.Parameters.Add("$epoch", Microsoft.Data.Sqlite.SqliteType.Integer);
            var deleted = 0;
            foreach (var (itemId, e) in keys)
            {
                item.Value = itemId;
                epoch.Value = e;
                deleted += delete.ExecuteNonQuery();
            }

            if (deleted > 0) Reopen(session.Connection, transaction, runId);

            transaction.Commit();
            return Task.FromResult(deleted);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<(string ItemId, int Epoch)>> GetSampleKeysAsync(string runId, CancellationToken cancellationToken = default)
    {
        var keys = new HashSet<(string ItemId, int Epoch)>();
        await foreach (var key in QueryAsync("read sample keys", "SELECT item_id, epoch FROM samples WHERE run_id = $id",
            p => p.AddWithValue("$id", runId), r => (r.GetString(0), r.GetInt32(1)), cancellationToken))
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

        // One JSON array parameter, as for the cache: no limit on the number of ids; the primary key finds each.
        await foreach (var key in QueryAsync("read sample keys",
            "SELECT item_id, epoch FROM samples WHERE run_id = $id AND item_id IN (SELECT value FROM json_each($ids))",
            p =>
            {
                p.AddWithValue("$id", runId);
                p.AddWithValue("$ids", JsonStrings.Array(itemIds));
            }, r => (r.GetString(0), r.GetInt32(1)), cancellationToken))
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

        await WriteAsync("write samples", session =>
        {
            session.WriteSamples(samples);
            return Task.FromResult(samples.Count);
        }, cancellationToken);
        _checkpointer.OnCommitted();
    }

    /// <inheritdoc />
    public IAsyncEnumerable<SampleRecord> ReadSamplesAsync(string runId, CancellationToken cancellationToken = default) =>
        QueryAsync("read samples", $"SELECT {RowReader.SampleColumns} FROM samples WHERE run_id = $id ORDER BY item_id, epoch",
            p => p.AddWithValue("$id", runId), RowReader.ReadSample, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, ModelResponse>> GetCachedAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var hits = new Dictionary<string, ModelResponse>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return hits;
        }

        // One JSON array parameter instead of N placeholders: no limit on the number of keys.
        var sql = $"SELECT {RowReader.CacheColumns} FROM response_cache WHERE key IN (SELECT value FROM json_each($keys))";
        await foreach (var hit in QueryAsync("read cache", sql, p => p.AddWithValue("$keys", JsonStrings.Array(keys)),
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

        const string sql =
            "SELECT COUNT(*), COALESCE(SUM(status = 'error'), 0), COALESCE(SUM(score_value), 0.0), COUNT(score_value), " +
            "COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0) FROM samples WHERE run_id = $id";
        RunSummary? summary = null;
        await foreach (var row in QueryAsync("summarize run", sql, p => p.AddWithValue("$id", runId),
            r => new RunSummary(run, r.GetInt32(0), r.GetInt32(1), r.GetDouble(2), r.GetInt32(3), r.GetInt64(4), r.GetInt64(5), null),
            cancellationToken))
        {
            summary = row;
        }

        // Costs are exact decimals stored as text; summing them in SQL would go through REAL.
        decimal? cost = null;
        await foreach (var c in QueryAsync("summarize cost", "SELECT cost FROM samples WHERE run_id = $id AND cost IS NOT NULL",
            p => p.AddWithValue("$id", runId), r => RowReader.ReadCost(r, 0)!.Value, cancellationToken))
        {
            cost = (cost ?? 0m) + c;
        }

        return summary! with { Cost = cost };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _checkpointer.DisposeAsync();
        await _writeLock.WaitAsync();
        try
        {
            _session?.Dispose();
            _session = null;
        }
        finally
        {
            _writeLock.Release();
        }

        // Pooled reader connections would keep the file open (and locked on Windows) after disposal.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        using var reader = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(reader);
        _writeLock.Dispose();
    }

    /// <summary>Describes the store without opening it.</summary>
    public override string ToString() => $"SQLite {FilePath}";
}
