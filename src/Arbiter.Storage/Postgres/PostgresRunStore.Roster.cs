using System.Data.Common;
using Arbiter.Core.Arena;
using Arbiter.Storage.Rows;
using Npgsql;

namespace Arbiter.Storage.Postgres;

/// <summary>
/// The arena roster changes made by an administrator, in PostgreSQL. The <see cref="IArenaRosterStore"/>
/// members come from <see cref="IRosterDialect"/>; reach them through the interface.
/// </summary>
public sealed partial class PostgresRunStore : IArenaRosterStore, IRosterDialect, IIntegrityDialect
{
    Task<int> IRosterDialect.WriteRosterAsync(string operation, (string Sql, (string Name, object Value)[] Parameters)[] statements,
        CancellationToken cancellationToken) =>
        RunAsync(operation, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var rows = 0;
            foreach (var (sql, parameters) in statements)
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                command.Parameters.AddRange(ToParameters([.. parameters]));
                rows = await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return rows;
        }, cancellationToken);

    IAsyncEnumerable<T> IRosterDialect.QueryRosterAsync<T>(string operation, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        QueryAsync(operation, sql, [], map, cancellationToken);
}
