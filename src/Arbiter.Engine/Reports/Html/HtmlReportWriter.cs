using System.Globalization;
using System.Text;
using Arbiter.Engine.Frontier;
using Arbiter.Engine.Metrics;
using static Arbiter.Engine.Reports.Html.HtmlTable;

namespace Arbiter.Engine.Reports.Html;

/// <summary>Renders an <see cref="EvaluationReport"/> as one self-contained HTML file with inline SVG charts.</summary>
public static class HtmlReportWriter
{
    /// <summary>The exact text of the report's one inline <c>&lt;style&gt;</c> element (a web server serving the report hashes it for its CSP).</summary>
    public static string InlineStyle { get; } = "\n" + HtmlAssets.Css + "\n";

    /// <summary>The exact text of the report's one inline <c>&lt;script&gt;</c> element (table sorting).</summary>
    public static string InlineScript { get; } = "\n" + HtmlAssets.Script + "\n";

    /// <summary>The whole document.</summary>
    public static string Render(EvaluationReport report) => Render(report, []);

    /// <summary>The whole document, with the frontier-lag part (<see cref="FrontierHtmlReport.ReportPart"/>) after the runs' sections.</summary>
    /// <param name="report">The runs' report.</param>
    /// <param name="frontier">Frontier computations to show (none: the report is exactly <see cref="Render(EvaluationReport)"/>'s).</param>
    public static string Render(EvaluationReport report, IReadOnlyList<FrontierView> frontier)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(frontier);
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>").Append(Html.E(report.Options.Title)).Append("</title>\n<style>").Append(InlineStyle).Append("</style></head><body>\n");
        if (report.Options.BackLink is { } back)
        {
            sb.Append("<p class=\"sub\"><a href=\"").Append(Html.E(back.Href)).Append("\">← ").Append(Html.E(back.Text)).Append("</a></p>\n");
        }

        sb.Append("<h1>").Append(Html.E(report.Options.Title)).Append("</h1>\n<p class=\"sub\">")
            .Append(Html.E(Inv($"{report.Models.Count} models · {report.Runs.Count} runs · {report.SampleCount} samples · {report.Domains.Count} domains · languages: {string.Join(", ", report.Languages)}")))
            .Append("<br>Scores are the share of items answered correctly (errors and refusals count as wrong; samples blocked by policy were never sent and are left out; with several epochs each item counts once, as its mean over the epochs) with 95% Wilson intervals over items; paired differences use a seeded bootstrap (")
            .Append(Html.E(Inv($"{report.Comparisons.Bootstrap.Rounds} rounds, seed {report.Comparisons.Bootstrap.Seed}"))).Append(").");
        if (report.Options.GeneratedAt is { } at) sb.Append("<br>Generated ").Append(Html.E(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append('.');
        sb.Append("</p>\n");
        if (report.Notices.Count > 0)
        {
            sb.Append("<div class=\"note\"><b>Read this first</b><ul>\n");
            foreach (var n in report.Notices.Take(50)) sb.Append("<li>").Append(Html.E(n)).Append("</li>\n");
            if (report.Notices.Count > 50) sb.Append("<li>").Append(Html.E(Inv($"… and {report.Notices.Count - 50} more (see the JSON report)"))).Append("</li>\n");
            sb.Append("</ul></div>\n");
        }

        if (report.Runs.Count > 0)
        {
            sb.Append("<h2>Models</h2>\n").Append(ModelTable(report));
            GroupSection.Append(sb, report.Groups);
            if (report.HasEpochs) sb.Append("<h2>Consistency across epochs</h2>\n").Append(ConsistencyTable(report));
            sb.Append("<h2>Scores per model and domain</h2>\n").Append(ScoreChart.Render(report));
            sb.Append("<h2>Language × domain</h2>\n").Append(Heatmap.Render(report));
            sb.Append("<h2>Score vs cost</h2>\n").Append(Pareto(report));
            sb.Append("<h2>Latency, throughput and tokens</h2>\n").Append(LatencyChart.Render(report)).Append(EfficiencyTable(report));
            ComparisonSection.Append(sb, report.Comparisons);
            ReplayReportSection.Html(sb, report.Replays);
            sb.Append("<h2>Runs</h2>\n").Append(RunTable(report));
        }

        sb.Append(FrontierHtmlReport.ReportPart(frontier));

        sb.Append("<footer>Arbiter · numbers are culture-invariant (decimal point, no thousands separators) · click a column header to sort</footer>\n");
        sb.Append("<script>").Append(InlineScript).Append("</script>\n</body></html>\n");
        return sb.ToString();
    }

    private static string ModelTable(EvaluationReport report)
    {
        var t = new HtmlTable("model", "score % [95% CI]", "n", "correct", "transient errors", "permanent errors", "content filter", "blocked by policy", "cost", "cost/item", "cost/correct");
        foreach (var m in report.ModelSummaries)
        {
            var e = m.Efficiency;
            t.Row(Cell.T(m.Model), Cell.N(Fmt.ScoreCi(m.Score), m.Score.Mean, "sig"), Cell.N(Fmt.Count(m.Score.Count), m.Score.Count), Cell.N(Fmt.Num(e.Correct), e.Correct),
                Cell.N(Fmt.Count(e.Outcomes.TransientErrors), e.Outcomes.TransientErrors), Cell.N(Fmt.Count(e.Outcomes.PermanentErrors), e.Outcomes.PermanentErrors), Cell.N(Fmt.Count(e.Outcomes.ContentFilter), e.Outcomes.ContentFilter), Cell.N(Fmt.Count(e.Outcomes.BlockedByPolicy), e.Outcomes.BlockedByPolicy),
                Cell.T(Fmt.Costs(e)), Cell.T(Fmt.Money(e.CostPerItem)), Cell.T(Fmt.Money(e.CostPerCorrect)));
        }

        return t.ToString();
    }

    private static string EfficiencyTable(EvaluationReport report)
    {
        var t = new HtmlTable("model", "calls", "latency p50 ms", "p95 ms", "p99 ms", "TTFT p50 ms", "TTFT p95 ms", "output tok/s", "tokens/item", "output tokens/item");
        foreach (var m in report.ModelSummaries)
        {
            var e = m.Efficiency;
            t.Row(Cell.T(m.Model), Cell.N(Fmt.Count(e.Calls), e.Calls), Cell.N(Fmt.Ms(e.LatencyP50Ms), e.LatencyP50Ms), Cell.N(Fmt.Ms(e.LatencyP95Ms), e.LatencyP95Ms), Cell.N(Fmt.Ms(e.LatencyP99Ms), e.LatencyP99Ms),
                Cell.N(Fmt.Ms(e.TtftP50Ms), e.TtftP50Ms), Cell.N(Fmt.Ms(e.TtftP95Ms), e.TtftP95Ms),
                Cell.N(e.OutputTokensPerSecond is { } tps ? Fmt.Num(tps) : "unknown", e.OutputTokensPerSecond), Cell.N(Fmt.Tokens(e.TokensPerItem), e.TokensPerItem),
                Cell.N(Fmt.Tokens(e.OutputTokensPerItem), e.OutputTokensPerItem));
        }

        return t.ToString();
    }

    private static string ConsistencyTable(EvaluationReport report)
    {
        var t = new HtmlTable("model", "items", "epochs (max per item)", "always / sometimes / never correct", "majority vote %", "agreement %");
        foreach (var m in report.ModelSummaries)
        {
            var c = m.Consistency;
            t.Row(Cell.T(m.Model), Cell.N(Fmt.Count(c.Items), c.Items), Cell.N(Fmt.Count(c.MaxEpochs), c.MaxEpochs), Cell.T(Fmt.Consistency(c)),
                Cell.N(Fmt.Pct(c.MajorityVoteAccuracy), c.MajorityVoteAccuracy), Cell.N(Fmt.Pct(c.Agreement), c.Agreement));
        }

        return "<p class=\"sub\">A sample is correct at full credit. Majority vote: an item counts as correct when more than half of its epochs were (a tie is not). Agreement: the mean share of an item's epochs that agree with its more common outcome.</p>\n" + t;
    }

    private static string RunTable(EvaluationReport report)
    {
        var t = new HtmlTable("run", "model", "suite", "domain", "lang", "score % [95% CI]", "n", "errors", "blocked by policy", "p50 ms", "cost");
        foreach (var r in report.Runs)
        {
            t.Row(Cell.T(r.RunId), Cell.T(r.Model), Cell.T(r.SuiteTitle == r.SuiteId ? r.SuiteId : $"{r.SuiteTitle} ({r.SuiteId})"), Cell.T(r.Domain), Cell.T(r.Language),
                Cell.N(Fmt.ScoreCi(r.Score), r.Score.Mean), Cell.N(Fmt.Count(r.Score.Count), r.Score.Count), Cell.N(Fmt.Count(r.Efficiency.Outcomes.Errors), r.Efficiency.Outcomes.Errors),
                Cell.N(Fmt.Count(r.BlockedByPolicy), r.BlockedByPolicy), Cell.N(Fmt.Ms(r.Efficiency.LatencyP50Ms), r.Efficiency.LatencyP50Ms), Cell.T(Fmt.Costs(r.Efficiency)));
        }

        return t.ToString();
    }

    private static string Pareto(EvaluationReport report)
    {
        var sb = new StringBuilder();
        var panels = ParetoChart.Render(report);
        sb.Append("<p class=\"sub\">Higher and further left is better. Costs are in each model's own currency and are <b>never converted</b>")
            .Append(panels.Count > 1 ? Html.E(Inv($": the {panels.Count} currencies are shown in separate panels and cannot be compared with each other.")) : ".").Append("</p>\n");
        sb.Append("<div class=\"panels\">");
        foreach (var (_, svg) in panels) sb.Append("<div class=\"panel\">").Append(svg).Append("</div>");
        sb.Append("</div>\n");
        var unknown = report.ModelSummaries.Where(s => s.Efficiency.CostPerItem is null).Select(s => s.Efficiency.MixedCurrencies ? s.Model + " (mixed currencies)" : s.Model).ToList();
        if (unknown.Count > 0) sb.Append("<p class=\"muted\">Not shown, cost unknown: ").Append(Html.E(string.Join(", ", unknown))).Append("</p>\n");
        return sb.ToString();
    }

    internal static string Errors(OutcomeCounts o) => o.Errors == 0 ? "0" : Inv($"{o.Errors} ({o.TransientErrors} transient, {o.PermanentErrors} permanent)");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
