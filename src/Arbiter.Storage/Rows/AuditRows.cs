using System.Data.Common;
using Arbiter.Core.Audit;

namespace Arbiter.Storage.Rows;

/// <summary>Column list and row mapping of <c>audit_log</c>, shared by both dialects.</summary>
internal static class AuditRows
{
    public const string Columns =
        "seq, time_ms, model_id, endpoint, model, jurisdiction, suite_id, item_id, purpose, confidentiality, " +
        "payload_sha256, payload_bytes, attempts, outcome, detail, prev_hash, hash, call_id, run_id, epoch";

    public const int ColumnCount = 20;

    public static AuditEntry Read(DbDataReader r) => new(
        r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
        r.GetString(8), r.GetString(9), r.GetString(10), r.GetInt64(11), r.GetInt32(12), r.GetString(13),
        r.IsDBNull(14) ? null : r.GetString(14))
    {
        Sequence = r.GetInt64(0),
        PrevHash = r.GetString(15),
        Hash = r.GetString(16),
        CallId = r.IsDBNull(17) ? null : r.GetString(17),
        RunId = r.IsDBNull(18) ? null : r.GetString(18),
        Epoch = r.IsDBNull(19) ? null : r.GetInt32(19),
    };

    /// <summary>The values of one entry in <see cref="Columns"/> order.</summary>
    public static object?[] Values(AuditEntry e) =>
    [
        e.Sequence, e.TimeMs, e.ModelId, e.Endpoint, e.Model, e.Jurisdiction, e.SuiteId, e.ItemId, e.Purpose,
        e.Confidentiality, e.PayloadSha256, e.PayloadBytes, (long)e.Attempts, e.Outcome, e.Detail, e.PrevHash, e.Hash,
        e.CallId, e.RunId, e.Epoch is { } epoch ? (long)epoch : null,
    ];
}
