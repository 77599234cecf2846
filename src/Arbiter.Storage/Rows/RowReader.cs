using System.Data.Common;
using System.Globalization;
using Arbiter.Core.Runs;

namespace Arbiter.Storage.Rows;

/// <summary>
/// Column lists and row mapping shared by both dialects. The SELECT lists here fix the ordinals
/// the readers use, so the two must change together.
/// </summary>
internal static class RowReader
{
    public const string RunColumns =
        "run_id, spec_hash, suite_id, suite_version, model_id, domain, language, item_count, epochs, " +
        "status, created_at_ms, finished_at_ms, config_json, run_kind";

    public const string ResponseColumns =
        "text, thinking, finish_reason, input_tokens, output_tokens, latency_ms, ttft_ms, attempts, " +
        "status, error_kind, error";

    public const string SampleColumns =
        "run_id, item_id, epoch, " + ResponseColumns + ", score_value, score_extracted, score_explanation, " +
        "cost, cache_hit, completed_at_ms, metadata_json";

    public const string CacheColumns = "key, " + ResponseColumns + ", created_at_ms";

    public static RunRecord ReadRun(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
        r.GetString(6), r.GetInt32(7), r.GetInt32(8), StoredNames.ParseRunStatus(r.GetString(9)),
        r.GetInt64(10), NullableInt64(r, 11))
    {
        ConfigJson = r.GetString(12),
        Kind = StoredNames.ParseRunKind(r.GetString(13)),
    };

    /// <summary>Reads the eleven <see cref="ResponseColumns"/> starting at <paramref name="at"/>.</summary>
    public static ModelResponse ReadResponse(DbDataReader r, int at) => new(
        NullableString(r, at), NullableString(r, at + 1), NullableString(r, at + 2),
        new TokenUsage(r.GetInt64(at + 3), r.GetInt64(at + 4)),
        r.GetDouble(at + 5), r.IsDBNull(at + 6) ? null : r.GetDouble(at + 6), r.GetInt32(at + 7),
        StoredNames.ParseSampleStatus(r.GetString(at + 8)), StoredNames.ParseErrorKind(r.GetString(at + 9)),
        NullableString(r, at + 10));

    public static SampleRecord ReadSample(DbDataReader r)
    {
        var score = r.IsDBNull(14)
            ? null
            : new ScoreResult(r.GetDouble(14), NullableString(r, 15), NullableString(r, 16) ?? "");
        return new SampleRecord(r.GetString(0), r.GetString(1), r.GetInt32(2), ReadResponse(r, 3), score,
            ReadCost(r, 17), r.GetBoolean(18), r.GetInt64(19))
        {
            MetadataJson = NullableString(r, 20),
        };
    }

    /// <summary>SQLite keeps cost as invariant text (exact decimal); PostgreSQL as NUMERIC.</summary>
    public static decimal? ReadCost(DbDataReader r, int ordinal) => r.IsDBNull(ordinal)
        ? null
        : r.GetValue(ordinal) switch
        {
            string s => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture),
            var v => Convert.ToDecimal(v, CultureInfo.InvariantCulture),
        };

    public static string FormatCost(decimal cost) => cost.ToString(CultureInfo.InvariantCulture);

    private static string? NullableString(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static long? NullableInt64(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);
}
