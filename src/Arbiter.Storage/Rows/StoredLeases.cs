using System.Data.Common;
using Arbiter.Core.Storage;

namespace Arbiter.Storage.Rows;

/// <summary>Statements of <c>run_leases</c>, the same in both dialects (<c>@name</c> parameters).</summary>
internal static class StoredLeases
{
    /// <summary>
    /// One atomic compare-and-set: insert, or take over a row that is ours, expired, or held by the
    /// named dead holder. A concurrent writer of the same row waits on its lock and then sees the
    /// new row, so exactly one of two racing owners wins.
    /// </summary>
    public const string Acquire =
        "INSERT INTO run_leases (run_id, owner, expires_at_ms, renewed_at_ms) VALUES (@id, @owner, @expires, @now) " +
        "ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner, expires_at_ms = excluded.expires_at_ms, renewed_at_ms = excluded.renewed_at_ms " +
        "WHERE run_leases.owner = excluded.owner OR run_leases.expires_at_ms <= excluded.renewed_at_ms OR run_leases.owner = @takeover";

    public const string Release = "DELETE FROM run_leases WHERE run_id = @id AND owner = @owner";

    public const string Read = "SELECT run_id, owner, expires_at_ms, renewed_at_ms FROM run_leases WHERE run_id = @id";

    /// <summary>The parameters of <see cref="Acquire"/>; no takeover is the empty owner, which never holds a lease.</summary>
    public static (string Name, object Value)[] AcquireParameters(string runId, string owner, long nowMs, long expiresAtMs, string? takeOverFrom)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return [("@id", runId), ("@owner", owner), ("@expires", expiresAtMs), ("@now", nowMs), ("@takeover", takeOverFrom ?? "")];
    }

    public static RunLease ReadLease(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3));
}
