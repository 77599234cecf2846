using System.Data.Common;
using Arbiter.Storage.Rows;
using Npgsql;

namespace Arbiter.Storage.Postgres;

/// <summary>
/// Vote claims in PostgreSQL (the <see cref="Core.Arena.IVoteClaimStore"/> members come from <see cref="IVoteClaimDialect"/>):
/// transaction-scoped advisory locks on the voter and the client hash serialize claims that share either, on any web node.
/// </summary>
public sealed partial class PostgresRunStore : IVoteClaimDialect, IWebNodeStateDialect
{
    Task<T> IVoteClaimDialect.InClaimTransactionAsync<T>(string operation, IReadOnlyList<string> lockKeys,
        Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(operation, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var key in lockKeys)
            {
                await using var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", connection, transaction);
                take.Parameters.Add(new NpgsqlParameter("key", key));
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }, cancellationToken);
}
