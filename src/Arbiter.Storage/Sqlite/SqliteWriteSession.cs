using Arbiter.Core.Runs;
using Arbiter.Storage.Rows;
using Microsoft.Data.Sqlite;

namespace Arbiter.Storage.Sqlite;

/// <summary>
/// The single write connection of a <see cref="SqliteRunStore"/> and its prepared insert commands.
/// SQLite allows one writer at a time; funnelling every write through one connection (guarded by
/// the store's semaphore) avoids SQLITE_BUSY between our own writers and lets the prepared
/// statements be reused across batches.
/// </summary>
internal sealed class SqliteWriteSession : IDisposable
{
    private const int SampleParameterCount = 21;
    private const int CacheParameterCount = 13;

    private SqliteRawStatement? _insertSample;
    private SqliteRawStatement? _insertCache;

    private SqliteWriteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>Opens the write connection: WAL (persistent in the file), NORMAL sync, busy timeout.</summary>
    public static SqliteWriteSession Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            // NORMAL in WAL mode syncs at checkpoints, not on every commit: a committed batch survives
            // a killed process (it is in the OS), only a power loss can drop the last commits.
            SqliteRunStore.Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
            // Checkpoints normally run in SqliteCheckpointer; this high threshold is only a backstop
            // that bounds the WAL if they keep failing. journal_size_limit shrinks the file after a reset.
            SqliteRunStore.Execute(connection, "PRAGMA wal_autocheckpoint=20000; PRAGMA journal_size_limit=67108864;");
            SqliteRunStore.Execute(connection, SqliteRunStore.BusyTimeoutPragma);
            return new SqliteWriteSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Inserts the batch in one transaction; duplicates and already cached keys are skipped.</summary>
    public void WriteSamples(IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples)
    {
        using var transaction = Connection.BeginTransaction();
        InsertSamples(samples);
        transaction.Commit();
    }

    /// <summary>Inserts the batch inside the caller's open transaction.</summary>
    public void InsertSamples(IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples)
    {
        // Prepared on first use because the tables exist only after migration.
        _insertSample ??= new SqliteRawStatement(Connection,
            $"INSERT INTO samples ({RowReader.SampleColumns}) VALUES ({Placeholders(SampleParameterCount)}) " +
            "ON CONFLICT (run_id, item_id, epoch) DO NOTHING");
        _insertCache ??= new SqliteRawStatement(Connection,
            $"INSERT INTO response_cache ({RowReader.CacheColumns}) VALUES ({Placeholders(CacheParameterCount)}) " +
            "ON CONFLICT (key) DO NOTHING");

        foreach (var (sample, cacheKey) in samples)
        {
            BindSample(_insertSample, sample);
            _insertSample.Execute();
            if (cacheKey is not null && sample.Response.Status == SampleStatus.Ok)
            {
                _insertCache.Bind(1, cacheKey);
                BindResponse(_insertCache, 2, sample.Response);
                _insertCache.Bind(13, sample.CompletedAtMs);
                _insertCache.Execute();
            }
        }
    }

    public void Dispose()
    {
        _insertSample?.Dispose();
        _insertCache?.Dispose();
        Connection.Dispose();
    }

    private static void BindSample(SqliteRawStatement p, SampleRecord s)
    {
        p.Bind(1, s.RunId);
        p.Bind(2, s.ItemId);
        p.Bind(3, s.Epoch);
        BindResponse(p, 4, s.Response);
        p.Bind(15, s.Score?.Value);
        p.Bind(16, s.Score?.Extracted);
        p.Bind(17, s.Score?.Explanation);
        p.Bind(18, s.Cost is { } cost ? RowReader.FormatCost(cost) : null);
        p.Bind(19, s.CacheHit ? 1L : 0L);
        p.Bind(20, s.CompletedAtMs);
        p.Bind(21, s.MetadataJson);
    }

    /// <summary>Binds the eleven response columns starting at position <paramref name="at"/>.</summary>
    private static void BindResponse(SqliteRawStatement p, int at, ModelResponse r)
    {
        p.Bind(at, r.Text);
        p.Bind(at + 1, r.Thinking);
        p.Bind(at + 2, r.FinishReason);
        p.Bind(at + 3, r.Usage.Input);
        p.Bind(at + 4, r.Usage.Output);
        p.Bind(at + 5, r.LatencyMs);
        p.Bind(at + 6, r.TimeToFirstTokenMs);
        p.Bind(at + 7, r.Attempts);
        p.Bind(at + 8, StoredNames.ToText(r.Status));
        p.Bind(at + 9, StoredNames.ToText(r.ErrorKind));
        p.Bind(at + 10, r.Error);
    }

    private static string Placeholders(int count) =>
        string.Join(", ", Enumerable.Range(1, count).Select(i => "?" + i));
}
