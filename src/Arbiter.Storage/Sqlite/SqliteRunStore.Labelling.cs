using System.Data.Common;
using Arbiter.Core.Labelling;
using Arbiter.Storage.Rows;

namespace Arbiter.Storage.Sqlite;

/// <summary>Labelling tasks and voter links in SQLite. The members come from <see cref="ILabellingDialect"/> and <see cref="IVoterInviteDialect"/>.</summary>
public sealed partial class SqliteRunStore : ILabellingStore, ILabellingDialect, IConversationDialect, IVoterInviteDialect
{
    async Task<int[]> ILabellingDialect.WriteLabellingAsync(string operation, IReadOnlyList<(string Sql, (string Name, object Value)[] Parameters)> statements,
        CancellationToken cancellationToken)
    {
        var counts = await WriteAsync(operation, session =>
        {
            using var transaction = session.Connection.BeginTransaction();
            var rows = new int[statements.Count];
            for (var i = 0; i < statements.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var command = session.Connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = statements[i].Sql;
                Bind(command.Parameters, [.. statements[i].Parameters]);
                rows[i] = command.ExecuteNonQuery();
            }

            transaction.Commit();
            return Task.FromResult(rows);
        }, cancellationToken);
        _checkpointer.OnCommitted();
        return counts;
    }

    IAsyncEnumerable<T> ILabellingDialect.QueryLabellingAsync<T>(string operation, string sql, (string Name, object Value)[] parameters, Func<DbDataReader, T> map,
        CancellationToken cancellationToken) =>
        QueryAsync(operation, sql, p => Bind(p, [.. parameters]), map, cancellationToken);
}
