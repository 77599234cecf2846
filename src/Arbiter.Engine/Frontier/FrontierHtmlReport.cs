using System.Globalization;
using System.Text;
using Arbiter.Engine.Reports.Html;
using static Arbiter.Engine.Reports.Html.HtmlTable;

namespace Arbiter.Engine.Frontier;

/// <summary>
/// The frontier report (<c>arbiter frontier --format html</c>, and the demo's <c>arbiter-frontier.html</c>): one
/// self-contained HTML file, one section per <see cref="FrontierView"/> with its source, the charts, the lag tables, the
/// best model per group with its rank among all models (<see cref="GroupRanking"/>) and the notes on the data. It shares the run report's stylesheet and sorting script.
/// </summary>
public static class FrontierHtmlReport
{
    /// <summary>The whole document.</summary>
    public static string Render(string title, IReadOnlyList<FrontierView> views, DateTimeOffset? generatedAt = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(views);
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>").Append(Html.E(title)).Append("</title>\n<style>").Append(HtmlReportWriter.InlineStyle).Append("</style></head><body>\n");
        sb.Append("<h1>").Append(Html.E(title)).Append("</h1>\n<p class=\"sub\">").Append(MethodNote);
        if (generatedAt is { } at) sb.Append("<br>Generated ").Append(Html.E(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append('.');
        sb.Append("</p>\n");
        AppendViews(sb, views, "f", 2);
        sb.Append("<footer>Arbiter · numbers and dates are culture-invariant · click a column header to sort</footer>\n");
        sb.Append("<script>").Append(HtmlReportWriter.InlineScript).Append("</script>\n</body></html>\n");
        return sb.ToString();
    }

    /// <summary>
    /// The frontier-lag part of the run report (<c>arbiter report --frontier</c>): a heading, the method note, and one
    /// section per view as in the frontier report (charts, lag tables with intervals, notes on the data).
    /// </summary>
    /// <param name="views">The computations to show (none: nothing is written).</param>
    public static string ReportPart(IReadOnlyList<FrontierView> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        if (views.Count == 0) return "";
        var sb = new StringBuilder(32 * 1024);
        sb.Append("<h2 id=\"frontier\">Frontier lag</h2>\n<p class=\"sub\">").Append(MethodNote).Append("</p>\n");
        AppendViews(sb, views, "report-f", 3);
        return sb.ToString();
    }

    // The method in one paragraph, the same in the frontier report and the run report.
    private const string MethodNote = "Lag by threshold crossing: a group's <b>current lag</b> is the time since the reference first reached the group's best score; "
        + "each <b>record lag</b> compares a new group record with the first date the reference reached it (negative: the group got there first; censored: the reference had not reached it by the as-of date). "
        + "Medians with 95% percentile-bootstrap intervals over benchmarks and models; months = days / 30.44.";

    // Level 2 in the frontier report; 3 inside the run report, under its "Frontier lag" heading.
    private static void AppendViews(StringBuilder sb, IReadOnlyList<FrontierView> views, string idPrefix, int level)
    {
        for (var i = 0; i < views.Count; i++) Section(sb, views[i], idPrefix + i.ToString(CultureInfo.InvariantCulture), level);
    }

    private static void Section(StringBuilder sb, FrontierView view, string id, int level)
    {
        var o = view.Options;
        var (h, sub) = (level.ToString(CultureInfo.InvariantCulture), (level + 1).ToString(CultureInfo.InvariantCulture));
        sb.Append("<section").Append(view.Simulated ? " class=\"simulated\"" : "").Append("><h").Append(h).Append('>').Append(Html.E(view.Heading)).Append("</h").Append(h).Append(">\n");
        if (view.Simulated)
        {
            sb.Append("<div class=\"note\"><b>Simulated.</b> These models are Arbiter's built-in simulator, not real models: their scores come from this ")
                .Append("machine's runs against simulated endpoints (or from votes a simulated crowd cast between them), and their countries and release dates are made up for the demo. They show how the feature works and say nothing about any real model.</div>\n");
        }

        if (view.Source.Length > 0) sb.Append("<p class=\"sub\">Source: ").Append(Html.E(view.Source)).Append("</p>\n");
        sb.Append("<p class=\"sub\">").Append(Html.E(string.Create(CultureInfo.InvariantCulture,
            $"Grouped by {o.Grouping.ToString().ToLowerInvariant()}; reference {o.Reference}; as of {FrontierDates.Iso(o.AsOf)}; bootstrap {o.Bootstrap.Rounds} rounds, seed {o.Bootstrap.Seed}."))).Append("</p>\n");
        sb.Append(FrontierCharts.Figures(view, id));
        var summary = view.Result.Rows.Where(r => r.Benchmark == "*").ToList();
        sb.Append("<h").Append(sub).Append(">Across benchmarks (median)</h").Append(sub).Append(">\n").Append(LagTable(summary));
        sb.Append("<details><summary>Per benchmark, with record counts</summary>\n").Append(LagTable([.. view.Result.Rows.Where(r => r.Benchmark != "*")])).Append("</details>\n");
        RankSection(sb, view, sub);
        if (view.Result.Notes.Count > 0)
        {
            sb.Append("<div class=\"note\"><b>Notes on the data</b><ul>\n");
            foreach (var n in view.Result.Notes) sb.Append("<li>").Append(Html.E(n.Text)).Append("</li>\n");
            sb.Append("</ul></div>\n");
        }

        sb.Append("</section>\n");
    }

    // The country / organisation view beside the lags: "the best CN model ranks 15th of 129 on gpqa", with the group's mean.
    private static void RankSection(StringBuilder sb, FrontierView view, string level)
    {
        var o = view.Options;
        IReadOnlyList<GroupRankRow> rows;
        try
        {
            rows = GroupRanking.Compute(view.Table, o.Grouping, o.AsOf, o.Benchmarks);
        }
        catch (FrontierInputException)
        {
            return; // a requested benchmark scored only after the as-of date: nothing to rank (the lag tables say the same)
        }

        if (rows.Count == 0) return;
        var by = o.Grouping switch { FrontierGrouping.Weights => "weights group", FrontierGrouping.Organization => "organisation", _ => "country" };
        sb.Append("<h").Append(level).Append(">Best model per ").Append(by).Append(": its rank among all models</h").Append(level).Append(">\n<p class=\"sub\">")
            .Append("Rank = 1 + the models of any group scoring higher on the benchmark; the mean is over the group's models with its Student-t 95% CI (held to [0, 1] for fractions). ")
            .Append("Models released after the as-of date are left out; models without a release date are kept.</p>\n");
        var charted = FrontierCharts.CurveBenchmarks(view).ToHashSet(StringComparer.Ordinal);
        var shown = rows.Where(r => charted.Contains(r.Benchmark)).ToList();
        if (shown.Count > 0) sb.Append(RankTable(shown));
        var benchmarks = rows.Select(r => r.Benchmark).Distinct(StringComparer.Ordinal).Count();
        if (shown.Count < rows.Count)
        {
            sb.Append("<details><summary>").Append(shown.Count > 0 ? "Every benchmark" : "Per benchmark").Append(" (").Append(Count(benchmarks)).Append(")</summary>\n")
                .Append(RankTable(rows)).Append("</details>\n");
        }
    }

    private static string RankTable(IReadOnlyList<GroupRankRow> rows)
    {
        var t = new HtmlTable("benchmark", "group", "best model", "score", "rank", "models", "mean", "95% CI");
        foreach (var r in rows)
        {
            t.Row(Cell.T(r.Benchmark), Cell.T(r.Group), Cell.T(r.BestModel), Cell.N(Score(r.BestScore), r.BestScore),
                Cell.N($"{GroupRanking.Ordinal(r.BestRank)} of {Count(r.RankedModels)}", r.BestRank), Cell.N(Count(r.Models), r.Models), Cell.N(Score(r.Mean), r.Mean),
                Cell.N(r.Models < 2 ? "" : $"{Score(r.Lower)} – {Score(r.Upper)}", r.Models < 2 ? null : r.Lower));
        }

        return t.ToString();
    }

    private static string Score(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string LagTable(IReadOnlyList<FrontierLagRow> rows)
    {
        var t = new HtmlTable("group", "benchmark", "current lag, days", "months", "median record lag, days", "months", "95% CI, days", "records", "censored");
        foreach (var r in rows)
        {
            var all = r.Benchmark == "*";
            t.Row(Cell.T(r.Group), Cell.T(all ? "all (median)" : r.Benchmark), Cell.N(D(r.CurrentLagDays), r.CurrentLagDays), Cell.N(FrontierCharts.Months(r.CurrentLagDays), r.CurrentLagMonths),
                Cell.N(D(r.MedianRecordLagDays), r.MedianRecordLagDays), Cell.N(FrontierCharts.Months(r.MedianRecordLagDays), FrontierDates.Months(r.MedianRecordLagDays)),
                Cell.N($"{D(r.Lower)} – {D(r.Upper)}", r.Lower), Cell.N(all ? "" : Count(r.Records.Count), all ? null : r.Records.Count),
                Cell.N(all ? "" : Count(r.Records.Count(x => x.Censored)), all ? null : r.Records.Count(x => x.Censored)));
        }

        return t.ToString();
    }

    private static string D(double days) => FrontierCharts.Signed(days, "0.#");

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
