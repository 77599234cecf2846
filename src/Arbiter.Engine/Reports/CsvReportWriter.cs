using System.Globalization;
using CsvHelper;

namespace Arbiter.Engine.Reports;

/// <summary>Writes one CSV row per run (plus one per model, run_id <c>*</c>) for spreadsheets and notebooks. Invariant culture, RFC 4180 quoting.</summary>
public static class CsvReportWriter
{
    private static readonly string[] Header =
    [
        "run_id", "model", "suite", "domain", "language", "samples", "correct", "score", "ci_lower", "ci_upper",
        "ok", "content_filter", "transient_errors", "permanent_errors", "blocked_by_policy",
        "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "ttft_p50_ms", "ttft_p95_ms", "output_tokens_per_s",
        "input_tokens", "output_tokens", "cost", "currency", "cost_per_correct",
    ];

    /// <summary>The CSV text.</summary>
    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var h in Header) csv.WriteField(h);
            csv.NextRecord();
            foreach (var r in report.Runs) Write(csv, r.RunId, r.Model, r.SuiteId, r.Domain, r.Language, r.Score, r.Efficiency);
            foreach (var m in report.ModelSummaries) Write(csv, "*", m.Model, "*", "*", "*", m.Score, m.Efficiency);
        }

        return text.ToString();
    }

    private static void Write(CsvWriter csv, string run, string model, string suite, string domain, string language, Statistics.Intervals.ProportionEstimate s, Metrics.EfficiencyMetrics e)
    {
        var single = e.SingleCost;
        string[] fields =
        [
            run, model, suite, domain, language, Fmt.Count(s.Count), D(s.Successes), s.IsEmpty ? "" : D(s.Mean), s.IsEmpty ? "" : D(s.Interval.Lower), s.IsEmpty ? "" : D(s.Interval.Upper),
            Fmt.Count(e.Outcomes.Ok), Fmt.Count(e.Outcomes.ContentFilter), Fmt.Count(e.Outcomes.TransientErrors), Fmt.Count(e.Outcomes.PermanentErrors), Fmt.Count(e.Outcomes.BlockedByPolicy),
            D(e.LatencyP50Ms), D(e.LatencyP95Ms), D(e.LatencyP99Ms), e.TtftP50Ms is { } t5 ? D(t5) : "", e.TtftP95Ms is { } t9 ? D(t9) : "", e.OutputTokensPerSecond is { } tps ? D(tps) : "",
            Fmt.Count(e.InputTokens), Fmt.Count(e.OutputTokens),
            // Unknown or mixed-currency cost stays empty rather than a misleading number.
            single is { } c ? c.Amount.ToString("0.############", CultureInfo.InvariantCulture) : "", single?.Currency ?? (e.MixedCurrencies ? "mixed" : ""),
            e.CostPerCorrect is { } pc ? pc.Amount.ToString("0.##########", CultureInfo.InvariantCulture) : "",
        ];
        foreach (var f in fields) csv.WriteField(f);
        csv.NextRecord();
    }

    private static string D(double v) => Math.Round(v, 6, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture);
}
