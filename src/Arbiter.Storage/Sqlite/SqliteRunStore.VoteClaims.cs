using System.Data.Common;
using Arbiter.Storage.Rows;

namespace Arbiter.Storage.Sqlite;

/// <summary>
/// Vote claims in SQLite (the <see cref="Core.Arena.IVoteClaimStore"/> members come from <see cref="IVoteClaimDialect"/>):
/// the write connection's immediate transaction holds the file's write lock, which serializes every claim, also
/// against another process on the same file, so no finer lock is needed.
/// </summary>
public sealed partial class SqliteRunStore : IVoteClaimDialect, IWebNodeStateDialect
{
    async Task<T> IVoteClaimDialect.InClaimTransactionAsync<T>(string operation, IReadOnlyList<string> lockKeys,
        Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var result = await WriteAsync(operation, async session =>
        {
            using var transaction = session.Connection.BeginTransaction();
            var value = await work(session.Connection, transaction);
            transaction.Commit();
            return value;
        }, cancellationToken);
        _checkpointer.OnCommitted();
        return result;
    }
}
