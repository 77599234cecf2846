using Arbiter.Core.Audit;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Storage.Rows;
using Npgsql;

namespace Arbiter.Storage.Postgres;

/// <summary>The audit log in PostgreSQL: appended under a transaction-scoped advisory lock.</summary>
public sealed partial class PostgresRunStore : IAuditLogStore
{
    // Arbitrary constant shared by every Arbiter process: serializes appends so the chain cannot fork.
    private const string AuditLock = "SELECT pg_advisory_xact_lock(7236401882)";

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        WriteSamplesWithAuditAsync([], entries, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> WriteSamplesWithAuditAsync(IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples,
        IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0 && samples.Count == 0) return [];
        return await RunAsync<IReadOnlyList<AuditEntry>>(samples.Count == 0 ? "append audit log" : "write samples with audit log", async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (samples.Count > 0)
            {
                await using var sampleBatch = PostgresSampleBatch.Build(connection, samples);
                await sampleBatch.ExecuteNonQueryAsync(cancellationToken);
            }

            var result = await AppendAsync(connection, transaction, entries, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AuditEntry> ReadAuditLogAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("read audit log", $"SELECT {AuditRows.Columns} FROM audit_log ORDER BY seq", [], AuditRows.Read, cancellationToken);

    /// <summary>Links and inserts the entries inside the caller's transaction, under the chain's lock.</summary>
    private static async Task<IReadOnlyList<AuditEntry>> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0) return [];
        await using (var lockCommand = new NpgsqlCommand(AuditLock, connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        long sequence = 0;
        var hash = AuditChain.Genesis;
        await using (var tail = new NpgsqlCommand("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", connection, transaction))
        await using (var reader = await tail.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken)) (sequence, hash) = (reader.GetInt64(0), reader.GetString(1));
        }

        var result = new AuditEntry[entries.Count];
        await using var batch = new NpgsqlBatch(connection, transaction);
        var placeholders = string.Join(", ", Enumerable.Range(1, AuditRows.ColumnCount).Select(i => "$" + i));
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = AuditChain.Link(entries[i], sequence, hash);
            var command = new NpgsqlBatchCommand($"INSERT INTO audit_log ({AuditRows.Columns}) VALUES ({placeholders})");
            foreach (var value in AuditRows.Values(entry))
            {
                command.Parameters.Add(value switch
                {
                    long l => new NpgsqlParameter<long> { TypedValue = l },
                    string s => Text(s),
                    // Untyped: the server takes the column's type (text or integer).
                    _ => new NpgsqlParameter { Value = DBNull.Value },
                });
            }

            batch.BatchCommands.Add(command);
            result[i] = entry;
            (sequence, hash) = (entry.Sequence, entry.Hash);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }
}
