using Arbiter.Core.Audit;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Storage.Rows;

namespace Arbiter.Storage.Sqlite;

/// <summary>The audit log in SQLite: appended through the single write connection.</summary>
public sealed partial class SqliteRunStore : IAuditLogStore
{
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
        var linked = await WriteAsync(samples.Count == 0 ? "append audit log" : "write samples with audit log", session =>
        {
            // BEGIN IMMEDIATE (the default here) takes the file's write lock before the tail is read,
            // so another process appending at the same time cannot fork the chain.
            using var transaction = session.Connection.BeginTransaction();
            if (samples.Count > 0) session.InsertSamples(samples);
            var result = Append(session, entries);
            transaction.Commit();
            return Task.FromResult(result);
        }, cancellationToken);
        _checkpointer.OnCommitted();
        return linked;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AuditEntry> ReadAuditLogAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("read audit log", $"SELECT {AuditRows.Columns} FROM audit_log ORDER BY seq", _ => { }, AuditRows.Read, cancellationToken);

    /// <summary>Links and inserts the entries inside the caller's open transaction.</summary>
    private static IReadOnlyList<AuditEntry> Append(SqliteWriteSession session, IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count == 0) return [];
        var (sequence, hash) = ReadTail(session);
        var result = new AuditEntry[entries.Count];
        using var insert = new SqliteRawStatement(session.Connection,
            $"INSERT INTO audit_log ({AuditRows.Columns}) VALUES ({string.Join(", ", Enumerable.Range(1, AuditRows.ColumnCount).Select(i => "?" + i))})");
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = AuditChain.Link(entries[i], sequence, hash);
            var values = AuditRows.Values(entry);
            for (var p = 0; p < values.Length; p++)
            {
                switch (values[p])
                {
                    case long l: insert.Bind(p + 1, l); break;
                    case string s: insert.Bind(p + 1, s); break;
                    default: insert.Bind(p + 1, (string?)null); break;
                }
            }

            insert.Execute();
            result[i] = entry;
            (sequence, hash) = (entry.Sequence, entry.Hash);
        }

        return result;
    }

    private static (long Sequence, string Hash) ReadTail(SqliteWriteSession session)
    {
        using var command = session.Connection.CreateCommand();
        command.CommandText = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditChain.Genesis);
    }
}
