using Arbiter.Core.Storage;
using Arbiter.Storage.Rows;
using Npgsql;

namespace Arbiter.Storage.Postgres;

/// <summary>Run leases in PostgreSQL: the upsert's row lock serializes racing owners.</summary>
public sealed partial class PostgresRunStore : IRunLeaseStore
{
    /// <inheritdoc />
    public Task<RunLease> AcquireLeaseAsync(string runId, string owner, long nowMs, long expiresAtMs, string? takeOverFrom = null,
        CancellationToken cancellationToken = default)
    {
        var parameters = StoredLeases.AcquireParameters(runId, owner, nowMs, expiresAtMs, takeOverFrom);
        return RunAsync("acquire run lease", async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var acquire = new NpgsqlCommand(StoredLeases.Acquire, connection, transaction))
            {
                acquire.Parameters.AddRange(ToParameters([.. parameters]));
                await acquire.ExecuteNonQueryAsync(cancellationToken);
            }

            RunLease lease;
            await using (var read = new NpgsqlCommand(StoredLeases.Read, connection, transaction))
            {
                read.Parameters.Add(new NpgsqlParameter("id", runId));
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                lease = StoredLeases.ReadLease(reader);
            }

            await transaction.CommitAsync(cancellationToken);
            return lease;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string runId, string owner, CancellationToken cancellationToken = default) =>
        RunAsync("release run lease", async connection =>
        {
            await using var release = new NpgsqlCommand(StoredLeases.Release, connection);
            release.Parameters.Add(new NpgsqlParameter("id", runId));
            release.Parameters.Add(new NpgsqlParameter("owner", owner));
            return await release.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<RunLease?> GetLeaseAsync(string runId, CancellationToken cancellationToken = default)
    {
        await foreach (var lease in QueryAsync("read run lease", StoredLeases.Read, [new NpgsqlParameter("id", runId)], StoredLeases.ReadLease, cancellationToken))
        {
            return lease;
        }

        return null;
    }
}
