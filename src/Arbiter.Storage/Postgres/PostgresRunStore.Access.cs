using Arbiter.Core.Storage;
using System.Data.Common;
using Npgsql;

namespace Arbiter.Storage.Postgres;

/// <summary>Connection handling and error translation for <see cref="PostgresRunStore"/>.</summary>
public sealed partial class PostgresRunStore
{
    private const string OpenOperation = "open or migrate";

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    /// <summary>Runs <paramref name="action"/> on a pooled connection, translating failures.</summary>
    private async Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await action(connection);
        }
        catch (NpgsqlException ex)
        {
            throw Fail(operation, ex);
        }
    }

    private IAsyncEnumerable<T> QueryAsync<T>(string operation, string sql, NpgsqlParameter[] parameters,
        Func<DbDataReader, T> map, CancellationToken cancellationToken = default) =>
        Rows.StreamingQuery.ReadAsync<T, NpgsqlException>(
            ct => Rows.StreamingQuery.PrepareAsync(
                async c => await _dataSource.OpenConnectionAsync(c),
                (_, command) =>
                {
                    command.CommandText = sql;
                    command.Parameters.AddRange(parameters);
                },
                ct),
            map, ex => Fail(operation, ex), cancellationToken);

    private StoreException Fail(string operation, NpgsqlException ex)
    {
        // Npgsql's messages do not echo the connection string; redact anyway in case a server
        // message quotes it back.
        var detail = PostgresConnectionString.Redact(ex.Message, _rawConnectionString);
        var message = operation == OpenOperation
            ? $"Cannot open or migrate PostgreSQL database {Target}: {detail}"
            : $"PostgreSQL database {Target}: {operation} failed: {detail}";
        return new StoreException(message, ex.IsTransient, ex);
    }
}
