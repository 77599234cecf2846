using Arbiter.Core.Storage;
using Arbiter.Storage.Rows;

namespace Arbiter.Storage.Sqlite;

/// <summary>Run leases in SQLite: taken through the single write connection under the file's write lock.</summary>
public sealed partial class SqliteRunStore : IRunLeaseStore
{
    /// <inheritdoc />
    public Task<RunLease> AcquireLeaseAsync(string runId, string owner, long nowMs, long expiresAtMs, string? takeOverFrom = null,
        CancellationToken cancellationToken = default)
    {
        var parameters = StoredLeases.AcquireParameters(runId, owner, nowMs, expiresAtMs, takeOverFrom);
        return WriteAsync("acquire run lease", session =>
        {
            using var transaction = session.Connection.BeginTransaction();
            using (var acquire = session.Connection.CreateCommand())
            {
                acquire.CommandText = StoredLeases.Acquire;
                Bind(acquire.Parameters, [.. parameters]);
                acquire.ExecuteNonQuery();
            }

            using var read = session.Connection.CreateCommand();
            read.CommandText = StoredLeases.Read;
            read.Parameters.AddWithValue("@id", runId);
            RunLease lease;
            using (var reader = read.ExecuteReader())
            {
                reader.Read();
                lease = StoredLeases.ReadLease(reader);
            }

            transaction.Commit();
            return Task.FromResult(lease);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string runId, string owner, CancellationToken cancellationToken = default) =>
        WriteAsync("release run lease", session =>
        {
            using var release = session.Connection.CreateCommand();
            release.CommandText = StoredLeases.Release;
            release.Parameters.AddWithValue("@id", runId);
            release.Parameters.AddWithValue("@owner", owner);
            return Task.FromResult(release.ExecuteNonQuery());
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<RunLease?> GetLeaseAsync(string runId, CancellationToken cancellationToken = default)
    {
        await foreach (var lease in QueryAsync("read run lease", StoredLeases.Read, p => p.AddWithValue("@id", runId), StoredLeases.ReadLease, cancellationToken))
        {
            return lease;
        }

        return null;
    }
}
