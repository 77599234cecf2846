using System.Data.Common;
using Arbiter.Core.Labelling;
using Arbiter.Storage.Rows;
using Npgsql;

namespace Arbiter.Storage.Postgres;

/// <summary>Labelling tasks and voter links in PostgreSQL. The members come from <see cref="ILabellingDialect"/> and <see cref="IVoterInviteDialect"/>.</summary>
public sealed partial class PostgresRunStore : ILabellingStore, ILabellingDialect, IConversationDialect, IVoterInviteDialect
{
    Task<int[]> ILabellingDialect.WriteLabellingAsync(string operation, IReadOnlyList<(string Sql, (string Name, object Value)[] Parameters)> statements,
        CancellationToken cancellationToken) =>
        RunAsync(operation, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var rows = new int[statements.Count];
            for (var i = 0; i < statements.Count; i++)
            {
                await using var command = new NpgsqlCommand(statements[i].Sql, connection, transaction);
                command.Parameters.AddRange(ToParameters([.. statements[i].Parameters]));
                rows[i] = await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return rows;
        }, cancellationToken);

    IAsyncEnumerable<T> ILabellingDialect.QueryLabellingAsync<T>(string operation, string sql, (string Name, object Value)[] parameters, Func<DbDataReader, T> map,
        CancellationToken cancellationToken) =>
        QueryAsync(operation, sql, ToParameters([.. parameters]), map, cancellationToken);
}
