using Arbiter.Engine.Reports.Html;
using Arbiter.Statistics.Frontier;
using static Arbiter.Engine.Frontier.FrontierCharts;

namespace Arbiter.Engine.Frontier;

/// <summary>
/// Scores on one benchmark by release date: every placed model as a dot, each group's frontier as a step line up to the
/// as-of date, and each group's current lag as a dashed segment at its best score, from the day the reference first
/// reached that score to the as-of date. Names and numbers go in a legend column beside the plot, never on the marks.
/// </summary>
internal static class FrontierCurveChart
{
    private const double W = 800, L = 56, PlotR = 560, LegendX = 578, T = 44, B = 46, EntryH = 58, RefEntryH = 34, MinH = 340;
    private const int MaxOthers = 7;

    public static string Render(FrontierView view, string benchmark, string id)
    {
        var o = view.Options;
        var data = FrontierData.Build(view.Table, o.Grouping, o.AsOf, [benchmark]);
        var reference = data.Groups.FirstOrDefault(g => string.Equals(g, o.Reference, StringComparison.OrdinalIgnoreCase)) ?? o.Reference;
        var others = data.Groups.Where(g => g != reference && data.Points(benchmark, g).Count > 0)
            .OrderByDescending(g => data.Points(benchmark, g).Count).ThenBy(g => g, StringComparer.Ordinal).ToList();
        var hidden = Math.Max(0, others.Count - MaxOthers);
        List<string> drawn = [.. data.Points(benchmark, reference).Count > 0 ? [reference] : Array.Empty<string>(), .. others.Take(MaxOthers)];
        var colours = Colours(view, reference, drawn);
        var asOf = o.AsOf.DayNumber;
        var points = drawn.SelectMany(g => data.Points(benchmark, g)).ToList();

        var x = view.Text;
        var title = FrontierChartText.Format(x.CurveTitle, benchmark, x.Grouping(o.Grouping)) + (view.Simulated ? x.SimulatedSuffix : "");
        var desc = string.Join("; ", drawn.Select(g => Describe(view, data, benchmark, g, reference)))
            + (hidden > 0 ? "; " + FrontierChartText.Format(x.HiddenDescribe, hidden) : "");
        var legendH = drawn.Sum(g => g == reference ? RefEntryH : EntryH) + (hidden > 0 ? EntryH / 2 : 0) + 40;
        var h = Math.Max(MinH, T + legendH + 20);
        var svg = new Svg(W, h, id, title, desc);
        Title(svg, W, title);
        var bottom = h - B;

        var (first, last) = (points.Min(p => p.Day) - 20, asOf + 12);
        var (lo, hi) = (points.Min(p => p.Score), points.Max(p => p.Score));
        var pad = hi > lo ? (hi - lo) * 0.06 : Math.Max(Math.Abs(hi) * 0.05, 0.05);
        (lo, hi) = (lo - pad, hi + pad);
        double X(double day) => L + ((day - first) / (last - first) * (PlotR - L));
        double Y(double score) => bottom - ((score - lo) / (hi - lo) * (bottom - T));

        foreach (var t in Svg.Ticks(lo, hi))
        {
            svg.Line(L, Y(t), PlotR, Y(t), "#e9e9e9");
            Label(svg, L - 6, Y(t) + 4, Signed(t, "0.###"), 11, anchor: "end");
        }

        var (ticks, yearly) = MonthTicks(DateOnly.FromDayNumber(first), DateOnly.FromDayNumber(last), (int)((PlotR - L) / 62));
        foreach (var d in ticks)
        {
            svg.Line(X(d.DayNumber), T, X(d.DayNumber), bottom, "#e9e9e9");
            Label(svg, X(d.DayNumber), bottom + 15, d.ToString(yearly ? "yyyy" : "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), 11, anchor: "middle");
        }

        svg.Line(L, bottom, PlotR, bottom, "#999").Line(L, T, L, bottom, "#999");
        svg.Line(X(asOf), T, X(asOf), bottom, "#999", 1, "stroke-dasharray=\"2 3\"");
        Label(svg, X(asOf), T - 5, FrontierChartText.Format(x.AsOf, FrontierDates.Iso(o.AsOf)), 10, anchor: "end");
        Label(svg, (L + PlotR) / 2, h - 8, x.ReleaseDateAxis, 11, anchor: "middle");
        var axis = benchmark == ArenaFrontier.Benchmark ? x.RatingAxis : x.ScoreAxis;
        Label(svg, 14, (T + bottom) / 2, axis, 11, anchor: "middle", extra: Invariant($"transform=\"rotate(-90 14 {Svg.N((T + bottom) / 2)})\""));

        // Dots first (lighter), then the lines and lag segments over them, the reference last so it stays on top.
        foreach (var g in drawn.AsEnumerable().Reverse())
        {
            foreach (var p in data.Points(benchmark, g).OrderBy(p => p.Day).ThenBy(p => p.Id))
            {
                svg.Raw("<g>").Title(Invariant($"{data.ModelName(p.Id)} ({g}), {FrontierDates.Iso(DateOnly.FromDayNumber(p.Day))}: {p.Score:0.###}"))
                    .Circle(X(p.Day), Y(p.Score), 3.5, colours[g], "fill-opacity=\"0.55\"").Raw("</g>");
            }
        }

        foreach (var g in drawn.AsEnumerable().Reverse())
        {
            var records = ThresholdLag.Records(data.Points(benchmark, g), asOf);
            if (records.Count == 0) continue;
            var path = new List<string> { Invariant($"{Svg.N(X(records[0].Day))},{Svg.N(Y(records[0].Score))}") };
            for (var i = 1; i < records.Count; i++)
            {
                path.Add(Invariant($"{Svg.N(X(records[i].Day))},{Svg.N(Y(records[i - 1].Score))}"));
                path.Add(Invariant($"{Svg.N(X(records[i].Day))},{Svg.N(Y(records[i].Score))}"));
            }

            path.Add(Invariant($"{Svg.N(X(asOf))},{Svg.N(Y(records[^1].Score))}"));
            svg.Raw(Invariant($"<polyline fill=\"none\" stroke=\"{colours[g]}\" stroke-width=\"{(g == reference ? "2.5" : "2")}\" points=\"{string.Join(" ", path)}\"/>"));
            foreach (var r in records)
            {
                svg.Raw("<g>").Title(FrontierChartText.Format(x.RecordTooltip, g, data.ModelName(r.Id), FrontierDates.Iso(DateOnly.FromDayNumber(r.Day)), Score(r.Score)))
                    .Circle(X(r.Day), Y(r.Score), 4.5, colours[g], "stroke=\"#fff\" stroke-width=\"1.5\"").Raw("</g>");
            }

            if (g != reference && Row(view, g, benchmark) is { CurrentLagDays: > 0 } row)
            {
                var (x1, x2, y) = (X(asOf - row.CurrentLagDays), X(asOf), Y(records[^1].Score));
                svg.Raw("<g>").Title(FrontierChartText.Format(x.CurrentLagTooltip, g, row.CurrentLagDays.ToString("0", System.Globalization.CultureInfo.InvariantCulture), Months(row.CurrentLagDays), reference, Score(records[^1].Score), FrontierDates.Iso(DateOnly.FromDayNumber(asOf - (int)row.CurrentLagDays))))
                    .Line(x1, y, x2, y, colours[g], 2.5, "stroke-dasharray=\"5 3\"").Line(x1, y - 6, x1, y + 6, colours[g], 2).Raw("</g>");
            }
        }

        Legend(svg, view, data, benchmark, drawn, reference, colours, hidden);
        return svg.ToString();
    }

    private static void Legend(Svg svg, FrontierView view, FrontierData data, string benchmark, List<string> drawn, string reference, Dictionary<string, string> colours, int hidden)
    {
        var x = view.Text;
        var y = T + 4;
        foreach (var g in drawn)
        {
            var n = data.Points(benchmark, g).Count;
            svg.Line(LegendX, y, LegendX + 18, y, colours[g], 3);
            Label(svg, LegendX + 24, y + 4, g == reference ? Short(g, 14) + x.ReferenceMark : Short(g, 26), 12, "#1d1d1f", bold: true);
            var best = data.Points(benchmark, g).Max(p => p.Score);
            Label(svg, LegendX + 24, y + 19, FrontierChartText.Format(n == 1 ? x.OneModelBest : x.ModelsBest, n, Score(best)), 11);
            if (g != reference && Row(view, g, benchmark) is { } row)
            {
                Label(svg, LegendX + 24, y + 33, row.CurrentLagDays > 0 ? FrontierChartText.Format(x.CurrentLagLegend, Months(row.CurrentLagDays)) : x.CurrentLagZero, 11);
                Label(svg, LegendX + 24, y + 47, FrontierChartText.Format(x.MedianLagLegend, Months(row.MedianRecordLagDays)), 11);
            }

            y += g == reference ? RefEntryH : EntryH;
        }

        if (hidden > 0)
        {
            Label(svg, LegendX, y + 4, FrontierChartText.Format(x.HiddenLegend, hidden), 11);
            y += EntryH / 2;
        }

        svg.Circle(LegendX + 9, y, 3.5, "#777", "fill-opacity=\"0.55\"");
        Label(svg, LegendX + 24, y + 4, x.KeyModel, 11);
        svg.Circle(LegendX + 9, y + 15, 4.5, "#777", "stroke=\"#fff\" stroke-width=\"1.5\"");
        Label(svg, LegendX + 24, y + 19, x.KeyRecord, 11);
        svg.Line(LegendX, y + 30, LegendX + 18, y + 30, "#777", 2.5, "stroke-dasharray=\"5 3\"");
        Label(svg, LegendX + 24, y + 34, x.KeyLag, 11);
    }

    private static string Describe(FrontierView view, FrontierData data, string benchmark, string group, string reference)
    {
        var points = data.Points(benchmark, group);
        var best = points.OrderByDescending(p => p.Score).ThenBy(p => p.Day).ThenBy(p => p.Id).First();
        var x = view.Text;
        var text = FrontierChartText.Format(x.CurveDescribe, group + (group == reference ? x.ReferenceMark : ""), points.Count, Score(best.Score), data.ModelName(best.Id), FrontierDates.Iso(DateOnly.FromDayNumber(best.Day)));
        return group == reference || Row(view, group, benchmark) is not { } row ? text
            : text + FrontierChartText.Format(x.CurveDescribeLag, row.CurrentLagDays.ToString("0", System.Globalization.CultureInfo.InvariantCulture), Months(row.CurrentLagDays), Months(row.MedianRecordLagDays));
    }

    private static FrontierLagRow? Row(FrontierView view, string group, string benchmark) =>
        view.Result.Rows.FirstOrDefault(r => r.Group == group && r.Benchmark == benchmark);

    private static string Score(double score) => score.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>First-of-month ticks every 1, 2, 3, 6, 12 or 24 months (aligned to January), at most <paramref name="max"/> of them.</summary>
    internal static (IReadOnlyList<DateOnly> Ticks, bool Yearly) MonthTicks(DateOnly from, DateOnly to, int max)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month + 1;
        var step = new[] { 1, 2, 3, 6, 12, 24, 60 }.FirstOrDefault(s => months / s <= Math.Max(max, 2), 120);
        var ticks = new List<DateOnly>();
        for (var d = new DateOnly(from.Year, 1, 1); d <= to; d = d.AddMonths(step))
        {
            if (d >= from) ticks.Add(d);
        }

        return (ticks, step >= 12);
    }
}
