using System.Data.Common;
using Arbiter.Core.Arena;
using Arbiter.Storage.Rows;

namespace Arbiter.Storage.Sqlite;

/// <summary>
/// The arena roster changes made by an administrator, in SQLite. The <see cref="IArenaRosterStore"/>
/// members come from <see cref="IRosterDialect"/>; reach them through the interface.
/// </summary>
public sealed partial class SqliteRunStore : IArenaRosterStore, IRosterDialect, IIntegrityDialect
{
    async Task<int> IRosterDialect.WriteRosterAsync(string operation, (string Sql, (string Name, object Value)[] Parameters)[] statements,
        CancellationToken cancellationToken)
    {
        var changed = await WriteAsync(operation, session =>
        {
            using var transaction = session.Connection.BeginTransaction();
            var rows = 0;
            foreach (var (sql, parameters) in statements)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var command = session.Connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                Bind(command.Parameters, [.. parameters]);
                rows = command.ExecuteNonQuery();
            }

            transaction.Commit();
            return Task.FromResult(rows);
        }, cancellationToken);
        _checkpointer.OnCommitted();
        return changed;
    }

    IAsyncEnumerable<T> IRosterDialect.QueryRosterAsync<T>(string operation, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        QueryAsync(operation, sql, _ => { }, map, cancellationToken);
}
