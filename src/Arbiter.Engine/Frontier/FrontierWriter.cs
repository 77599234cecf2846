using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace Arbiter.Engine.Frontier;

/// <summary>Machine-readable frontier output: JSON (the issue's shape) and CSV (one line per group × benchmark).</summary>
public static class FrontierWriter
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>An array of <c>{group, benchmark, currentLagDays, currentLagMonths, medianRecordLagDays, lower, upper, records}</c>.</summary>
    public static string Json(FrontierLagResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result.Rows, Options);
    }

    /// <summary>The ranking rows as a JSON array.</summary>
    public static string Json(IReadOnlyList<GroupRankRow> rows) => JsonSerializer.Serialize(rows, Options);

    /// <summary>CSV with the record counts instead of the records.</summary>
    public static string Csv(FrontierLagResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Write(["group", "benchmark", "current_lag_days", "current_lag_months", "median_record_lag_days", "lower", "upper", "records", "censored_records"],
            result.Rows.Select(r => new[] { r.Group, r.Benchmark, D(r.CurrentLagDays), D(r.CurrentLagMonths), D(r.MedianRecordLagDays), D(r.Lower), D(r.Upper),
                r.Records.Count.ToString(CultureInfo.InvariantCulture), r.Records.Count(x => x.Censored).ToString(CultureInfo.InvariantCulture) }));
    }

    /// <summary>The ranking rows as CSV.</summary>
    public static string Csv(IReadOnlyList<GroupRankRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Write(["group", "benchmark", "models", "best_model", "best_score", "best_rank", "ranked_models", "mean", "lower", "upper"],
            rows.Select(r => new[] { r.Group, r.Benchmark, r.Models.ToString(CultureInfo.InvariantCulture), r.BestModel, D(r.BestScore), r.BestRank.ToString(CultureInfo.InvariantCulture),
                r.RankedModels.ToString(CultureInfo.InvariantCulture), D(r.Mean), D(r.Lower), D(r.Upper) }));
    }

    private static string Write(string[] header, IEnumerable<string[]> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var row in rows.Prepend(header))
            {
                foreach (var f in row) csv.WriteField(f);
                csv.NextRecord();
            }
        }

        return text.ToString();
    }

    private static string D(double v) => Math.Round(v, 6, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture);
}
