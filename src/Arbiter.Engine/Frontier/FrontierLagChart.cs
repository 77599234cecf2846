using Arbiter.Engine.Reports.Html;
using static Arbiter.Engine.Frontier.FrontierCharts;

namespace Arbiter.Engine.Frontier;

/// <summary>
/// One row per group: the median record lag across benchmarks as a dot with its 95 % interval as an error bar, and the
/// current lag as a hollow diamond, in months, against a zero line that is the reference. Values are also written in
/// a column of their own, so no label ever sits on the marks.
/// </summary>
internal static class FrontierLagChart
{
    private const double W = 800, L = 180, ValuesW = 220, T = 52, RowH = 30, B = 54;
    private const string Bar = "#4e79a7", Now = "#e15759";

    public static string Render(FrontierView view, string id)
    {
        var o = view.Options;
        var rows = view.Result.Rows.Where(r => r.Benchmark == "*")
            .OrderBy(r => r.MedianRecordLagDays).ThenBy(r => r.Group, StringComparer.Ordinal).ToList();
        var x = view.Text;
        var title = FrontierChartText.Format(x.LagTitle, o.Reference, FrontierDates.Iso(o.AsOf)) + (view.Simulated ? x.SimulatedSuffix : "");
        var desc = rows.Count == 0
            ? FrontierChartText.Format(x.LagNone, o.Reference)
            : string.Join("; ", rows.Select(r => FrontierChartText.Format(x.LagDescribe, r.Group, Months(r.MedianRecordLagDays), Months(r.Lower), Months(r.Upper), Months(r.CurrentLagDays))));
        var h = T + (Math.Max(rows.Count, 1) * RowH) + B;
        var svg = new Svg(W, h, id, title, desc);
        Title(svg, W, title);
        if (rows.Count == 0)
        {
            Label(svg, 8, T + 16, desc, 12);
            return svg.ToString();
        }

        var values = rows.SelectMany(r => new[] { r.Lower, r.Upper, r.MedianRecordLagDays, r.CurrentLagDays }).Select(FrontierDates.Months).Append(0).ToList();
        var (min, max) = (values.Min(), values.Max());
        var pad = Math.Max((max - min) * 0.06, 0.5);
        (min, max) = (min - pad, max + pad);
        var right = W - ValuesW;
        double X(double months) => L + ((months - min) / (max - min) * (right - 12 - L));
        var bottom = h - B;

        // Key, then the column heads of the values.
        svg.Circle(L, 36, 4, Bar);
        svg.Line(L - 10, 36, L + 10, 36, Bar, 1.5);
        Label(svg, L + 16, 40, x.LagKeyMedian, 11);
        Diamond(svg, L + 190, 36);
        Label(svg, L + 200, 40, x.LagKeyCurrent, 11);
        Label(svg, right + 4, 40, x.LagColumnRecord, 11, bold: true);
        Label(svg, W - 8, 40, x.LagColumnNow, 11, anchor: "end", bold: true);

        foreach (var t in Svg.Ticks(min, max))
        {
            svg.Line(X(t), T - 4, X(t), bottom, "#e3e3e3");
            Label(svg, X(t), bottom + 14, Signed(t, "0.#"), 11, anchor: "middle");
        }

        svg.Line(X(0), T - 4, X(0), bottom, "#888", 1.5);
        Label(svg, X(0), bottom + 28, o.Reference, 11, "#1d1d1f", "middle", bold: true);
        Label(svg, right - 12, h - 6, FrontierChartText.Format(x.LagAxis, o.Reference), 11, anchor: "end");

        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = T + (i * RowH) + (RowH / 2);
            if (i % 2 == 1) svg.Rect(8, y - (RowH / 2), W - 16, RowH, "#f6f7f9");
            svg.Raw("<g>").Title(FrontierChartText.Format(x.LagTooltip, r.Group, Months(r.MedianRecordLagDays), Months(r.Lower), Months(r.Upper), Months(r.CurrentLagDays), r.CurrentLagDays.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)));
            Label(svg, L - 12, y + 4, Short(r.Group, 22), 12, "#1d1d1f", "end");
            var (x1, x2) = (X(FrontierDates.Months(r.Lower)), X(FrontierDates.Months(r.Upper)));
            svg.Line(x1, y, x2, y, Bar, 2).Line(x1, y - 5, x1, y + 5, Bar, 2).Line(x2, y - 5, x2, y + 5, Bar, 2);
            svg.Circle(X(FrontierDates.Months(r.MedianRecordLagDays)), y, 5, Bar);
            Diamond(svg, X(FrontierDates.Months(r.CurrentLagDays)), y);
            Label(svg, right + 4, y + 4, Invariant($"{Months(r.MedianRecordLagDays)} [{Months(r.Lower)}, {Months(r.Upper)}]"), 12, "#1d1d1f");
            Label(svg, W - 8, y + 4, Months(r.CurrentLagDays), 12, "#1d1d1f", "end");
            svg.Raw("</g>");
        }

        return svg.ToString();
    }

    internal static void Diamond(Svg svg, double x, double y) =>
        svg.Raw(Invariant($"<path d=\"M{Svg.N(x)} {Svg.N(y - 6)}L{Svg.N(x + 6)} {Svg.N(y)}L{Svg.N(x)} {Svg.N(y + 6)}L{Svg.N(x - 6)} {Svg.N(y)}Z\" fill=\"#fff\" stroke=\"{Now}\" stroke-width=\"2\"/>"));
}
