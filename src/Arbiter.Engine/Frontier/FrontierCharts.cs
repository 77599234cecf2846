using System.Globalization;
using System.Text;
using Arbiter.Engine.Reports.Html;

namespace Arbiter.Engine.Frontier;

/// <summary>One frontier computation and what it was computed from: the unit the charts and the HTML report draw.</summary>
/// <param name="Table">The scores and model facts.</param>
/// <param name="Options">The query (grouping, reference, benchmarks, as-of date).</param>
/// <param name="Result">The lags <see cref="FrontierLagAnalysis.Compute"/> returned for them.</param>
public sealed record FrontierView(ScoreTable Table, FrontierOptions Options, FrontierLagResult Result)
{
    /// <summary>The section's heading in a report.</summary>
    public string Heading { get; init; } = "Frontier lag";

    /// <summary>Where the scores came from, as plain text (shown under the heading).</summary>
    public string Source { get; init; } = "";

    /// <summary>The scores are from simulated models: every chart and section says so.</summary>
    public bool Simulated { get; init; }

    /// <summary>The charts' words (English unless the caller passes its UI language's); numbers and dates stay invariant.</summary>
    public FrontierChartText Text { get; init; } = FrontierChartText.English;
}

/// <summary>
/// The frontier charts as inline SVG (one home for the CLI's HTML report and the web's <c>/frontier</c>): months behind
/// the reference per group with the bootstrap interval as an error bar, and per benchmark the scores by release date
/// with each group's frontier line and its current lag marked. Text is styled by SVG attributes, so a chart renders
/// the same inside a report and under the web's CSP; numbers and dates are culture-invariant; output is deterministic.
/// </summary>
public static class FrontierCharts
{
    /// <summary>How many per-benchmark charts are drawn when the query names no benchmark.</summary>
    public const int DefaultCurves = 4;

    private const int MaxRequestedCurves = 12;

    /// <summary>
    /// The benchmarks to draw: the requested ones that have a lag row (at most 12), else the <paramref name="max"/>
    /// compared benchmarks with the most placed models (ties in ordinal order).
    /// </summary>
    public static IReadOnlyList<string> CurveBenchmarks(FrontierView view, int max = DefaultCurves)
    {
        ArgumentNullException.ThrowIfNull(view);
        var compared = view.Result.Rows.Where(r => r.Benchmark != "*").Select(r => r.Benchmark).ToHashSet(StringComparer.Ordinal);
        if (view.Options.Benchmarks.Count > 0) return [.. view.Options.Benchmarks.Where(compared.Contains).Distinct(StringComparer.Ordinal).Take(MaxRequestedCurves)];
        var data = FrontierData.Build(view.Table, view.Options.Grouping, view.Options.AsOf, []);
        return [.. compared.Select(b => (Benchmark: b, Count: data.Groups.Sum(g => data.Points(b, g).Count)))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Benchmark, StringComparer.Ordinal).Take(max).Select(x => x.Benchmark)];
    }

    /// <summary>Months behind the reference per group, across benchmarks: median record lag with its 95 % interval, and the current lag.</summary>
    /// <param name="view">The computation.</param>
    /// <param name="id">An id unique on the page (the SVG's title and description are referenced by it).</param>
    public static string LagChart(FrontierView view, string id = "frontier-lag")
    {
        ArgumentNullException.ThrowIfNull(view);
        return FrontierLagChart.Render(view, id);
    }

    /// <summary>Scores on <paramref name="benchmark"/> by release date, each group's frontier (best so far) and current lag.</summary>
    /// <exception cref="FrontierInputException">No score for the benchmark.</exception>
    public static string CurveChart(FrontierView view, string benchmark, string id)
    {
        ArgumentNullException.ThrowIfNull(view);
        return FrontierCurveChart.Render(view, benchmark, id);
    }

    /// <summary>
    /// The lag chart and the per-benchmark charts as HTML <c>&lt;figure&gt;</c> elements with captions, ids prefixed by
    /// <paramref name="idPrefix"/>. Each figure is marked <c>data-chart</c> (<c>lag</c> or the benchmark id).
    /// </summary>
    public static string Figures(FrontierView view, string idPrefix = "frontier", int maxCurves = DefaultCurves)
    {
        ArgumentNullException.ThrowIfNull(view);
        var sb = new StringBuilder();
        var x = view.Text;
        var sim = view.Simulated ? x.SimulatedPrefix : "";
        sb.Append("<figure class=\"chart\" data-chart=\"lag\">").Append(LagChart(view, idPrefix + "-lag"))
            .Append("<figcaption>").Append(Html.E(sim + FrontierChartText.Format(x.LagCaption, view.Options.Reference))).Append("</figcaption></figure>\n");
        var i = 0;
        foreach (var b in CurveBenchmarks(view, maxCurves))
        {
            sb.Append("<figure class=\"chart\"").Append(" data-chart=\"").Append(Html.E(b)).Append("\">")
                .Append(CurveChart(view, b, $"{idPrefix}-curve-{(i++).ToString(CultureInfo.InvariantCulture)}"))
                .Append("<figcaption>").Append(Html.E(sim + FrontierChartText.Format(x.CurveCaption, b, view.Options.Reference, FrontierDates.Iso(view.Options.AsOf)))).Append("</figcaption></figure>\n");
        }

        return sb.ToString();
    }

    /// <summary>Colours per group: the reference is near-black; others take the palette in ordinal order of the groups with a lag row.</summary>
    internal static Dictionary<string, string> Colours(FrontierView view, string reference, IReadOnlyList<string> drawn)
    {
        var all = view.Result.Rows.Select(r => r.Group).Distinct().Order(StringComparer.Ordinal).ToList();
        // Up to ten groups keep one colour on every chart; beyond that a chart numbers only the groups it draws.
        var order = all.Count <= Svg.Palette.Length ? all : [.. drawn.Where(g => g != reference)];
        var colours = new Dictionary<string, string>(StringComparer.Ordinal) { [reference] = ReferenceColour };
        foreach (var g in drawn.Where(g => g != reference))
        {
            var index = order.IndexOf(g);
            colours[g] = Svg.Colour(index < 0 ? colours.Count : index);
        }

        return colours;
    }

    internal const string ReferenceColour = "#1d1d1f";

    /// <summary>Text styled by attributes (no stylesheet needed).</summary>
    internal static void Label(Svg svg, double x, double y, string text, double size = 11, string fill = "#555", string anchor = "start", bool bold = false, string? extra = null) =>
        svg.Text(x, y, text, null, anchor, Invariant($"font-size=\"{size}\" fill=\"{fill}\"") + (bold ? " font-weight=\"600\"" : "") + (extra is null ? "" : " " + extra));

    /// <summary>
    /// A chart's bold title at the top left. A title that would run past the right edge (a long benchmark name, or the
    /// Russian text with the "simulated" suffix) is squeezed to the width instead of being cut off by the viewBox.
    /// </summary>
    internal static void Title(Svg svg, double width, string text)
    {
        const double size = 14, left = 8;
        var room = width - (2 * left);
        var extra = EstimatedWidth(text, size) > room ? Invariant($"textLength=\"{room:0}\" lengthAdjust=\"spacingAndGlyphs\"") : null;
        Label(svg, left, 18, text, size, "#1d1d1f", bold: true, extra: extra);
    }

    /// <summary>A generous estimate of a bold sans-serif line's width: Han and kana are square, other letters about 0.62 em.</summary>
    internal static double EstimatedWidth(string text, double size)
    {
        double em = 0;
        foreach (var c in text) em += c is (>= '\u2E80' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFFEF') ? 1.0 : 0.62;
        return em * size;
    }

    /// <summary>Months with one decimal and a true minus sign.</summary>
    internal static string Months(double days) => Signed(FrontierDates.Months(days), "0.0");

    internal static string Signed(double value, string format)
    {
        var text = value.ToString(format, CultureInfo.InvariantCulture);
        // "-0.0" for a value that rounds to zero would read as "behind by nothing, negatively".
        if (text.StartsWith('-') && double.Parse(text, CultureInfo.InvariantCulture) == 0) text = text[1..];
        return text.Replace('-', '\u2212');
    }

    internal static string Short(string name, int max) => name.Length <= max ? name : name[..(max - 1)] + "…";

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
