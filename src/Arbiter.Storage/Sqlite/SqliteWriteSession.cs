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

    private SqliteCommand? _insertSample;
    private SqliteCommand? _insertCache;

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
        _insertSample ??= Prepare(
            $"INSERT INTO samples ({RowReader.SampleColumns}) VALUES ({Placeholders(SampleParameterCount)}) " +
            "ON CONFLICT (run_id, item_id, epoch) DO NOTHING", SampleParameterCount);
        _insertCache ??= Prepare(
            $"INSERT INTO response_cache ({RowReader.CacheColumns}) VALUES ({Placeholders(CacheParameterCount)}) " +
            "ON CONFLICT (key) DO NOTHING", CacheParameterCount);

        using var transaction = Connection.BeginTransaction();
        _insertSample.Transaction = transaction;
        _insertCache.Transaction = transaction;
        foreach (var (sample, cacheKey) in samples)
        {
            BindSample(_insertSample.Parameters, sample);
            _insertSample.ExecuteNonQuery();
            if (cacheKey is not null && sample.Response.Status == SampleStatus.Ok)
            {
                var p = _insertCache.Parameters;
                p[0].Value = cacheKey;
                BindResponse(p, 1, sample.Response);
                p[12].Value = sample.CompletedAtMs;
                _insertCache.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    public void Dispose()
    {
        _insertSample?.Dispose();
        _insertCache?.Dispose();
        Connection.Dispose();
    }

    private static void BindSample(SqliteParameterCollection p, SampleRecord s)
    {
        p[0].Value = s.RunId;
        p[1].Value = s.ItemId;
        p[2].Value = s.Epoch;
        BindResponse(p, 3, s.Response);
        p[14].Value = s.Score is null ? DBNull.Value : s.Score.Value;
        p[15].Value = (object?)s.Score?.Extracted ?? DBNull.Value;
        p[16].Value = (object?)s.Score?.Explanation ?? DBNull.Value;
        p[17].Value = s.Cost is { } cost ? RowReader.FormatCost(cost) : DBNull.Value;
        p[18].Value = s.CacheHit ? 1L : 0L;
        p[19].Value = s.CompletedAtMs;
        p[20].Value = (object?)s.MetadataJson ?? DBNull.Value;
    }

    private static void BindResponse(SqliteParameterCollection p, int at, ModelResponse r)
    {
        p[at].Value = (object?)r.Text ?? DBNull.Value;
        p[at + 1].Value = (object?)r.Thinking ?? DBNull.Value;
        p[at + 2].Value = (object?)r.FinishReason ?? DBNull.Value;
        p[at + 3].Value = r.Usage.Input;
        p[at + 4].Value = r.Usage.Output;
        p[at + 5].Value = r.LatencyMs;
        p[at + 6].Value = r.TimeToFirstTokenMs is { } ttft ? ttft : DBNull.Value;
        p[at + 7].Value = r.Attempts;
        p[at + 8].Value = StoredNames.ToText(r.Status);
        p[at + 9].Value = StoredNames.ToText(r.ErrorKind);
        p[at + 10].Value = (object?)r.Error ?? DBNull.Value;
    }

    private SqliteCommand Prepare(string sql, int parameterCount)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameterCount; i++)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = "$p" + i, Value = DBNull.Value });
        }

        command.Prepare();
        return command;
    }

    private static string Placeholders(int count) =>
        string.Join(", ", Enumerable.Range(0, count).Select(i => "$p" + i));
}
