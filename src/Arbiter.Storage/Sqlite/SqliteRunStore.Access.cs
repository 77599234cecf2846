using Arbiter.Core.Storage;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Arbiter.Storage.Sqlite;

/// <summary>Connection handling and error translation for <see cref="SqliteRunStore"/>.</summary>
public sealed partial class SqliteRunStore
{
    private const string OpenOperation = "open or migrate";

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="action"/> on the write connection, one writer at a time.</summary>
    private async Task<T> WriteAsync<T>(string operation, Func<SqliteWriteSession, Task<T>> action, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_readOnly && operation != OpenOperation)
        {
            throw new InvalidOperationException($"SQLite database '{FilePath}' was opened read-only; cannot {operation}.");
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_session is null)
            {
                EnsureDirectory();
                _session = SqliteWriteSession.Open(_connectionString);
            }

            return await action(_session);
        }
        catch (SqliteException ex)
        {
            throw Fail(operation, ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Streams rows from a fresh reader connection; WAL lets it run beside the writer.</summary>
    private IAsyncEnumerable<T> QueryAsync<T>(string operation, string sql, Action<SqliteParameterCollection> bind,
        Func<DbDataReader, T> map, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Rows.StreamingQuery.ReadAsync<T, SqliteException>(
            ct => Rows.StreamingQuery.PrepareAsync(
                async c =>
                {
                    var connection = new SqliteConnection(_readConnectionString);
                    try
                    {
                        await connection.OpenAsync(c);
                        Execute(connection, BusyTimeoutPragma);
                        return connection;
                    }
                    catch
                    {
                        await connection.DisposeAsync();
                        throw;
                    }
                },
                (_, command) =>
                {
                    command.CommandText = sql;
                    bind(((SqliteCommand)command).Parameters);
                },
                ct),
            map, ex => Fail(operation, ex), cancellationToken);
    }

    private void EnsureDirectory()
    {
        var directory = Path.GetDirectoryName(FilePath);
        if (string.IsNullOrEmpty(directory) || Directory.Exists(directory))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"Cannot open SQLite database '{FilePath}': cannot create its directory: {ex.Message}", false, ex);
        }
    }

    private StoreException Fail(string operation, SqliteException ex)
    {
        // BUSY and LOCKED clear up by themselves once the other writer or checkpoint finishes.
        var primary = ex.SqliteErrorCode & 0xFF;
        var transient = primary is 5 or 6;
        var message = operation == OpenOperation
            ? $"Cannot open or migrate SQLite database '{FilePath}': {ex.Message}"
            : $"SQLite database '{FilePath}': {operation} failed: {ex.Message}";
        return new StoreException(message, transient, ex);
    }
}
