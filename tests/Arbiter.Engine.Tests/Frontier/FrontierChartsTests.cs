using System.Globalization;
using System.Text.RegularExpressions;
using Arbiter.Engine.Frontier;
using Arbiter.Engine.Tests.Reports;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Engine.Tests.Frontier;

public sealed partial class FrontierChartsTests
{
    private static readonly BootstrapOptions Bootstrap = new() { Rounds = 200, Seed = 3 };

    private static FrontierView WorkedExample()
    {
        var table = FrontierLagAnalysisTests.Table(FrontierLagAnalysisTests.WorkedExample);
        var options = new FrontierOptions { Reference = "US", AsOf = new DateOnly(2025, 3, 1), Bootstrap = Bootstrap };
        return new FrontierView(table, options, FrontierLagAnalysis.Compute(table, options));
    }

    private static readonly Lazy<ScoreTable> Shipped = new(ShippedScores.Load);

    private static FrontierView ShippedView(FrontierGrouping grouping, string reference)
    {
        var options = new FrontierOptions { Grouping = grouping, Reference = reference, AsOf = new DateOnly(2025, 10, 15), Bootstrap = Bootstrap };
        return new FrontierView(Shipped.Value, options, FrontierLagAnalysis.Compute(Shipped.Value, options));
    }

    [Fact]
    public void A_title_longer_than_the_chart_is_squeezed_to_its_width_and_a_short_one_is_left_alone()
    {
        // The Russian arena title with the "simulated" suffix ran past the right edge of the page's chart.
        var text = FrontierChartText.English with { CurveTitle = "{0}: рейтинг арены по дате выпуска и граница каждой {1} (симулированные модели и голоса)" };
        var svg = FrontierCharts.CurveChart(WorkedExample() with { Text = text, Simulated = true }, "bench", "c");
        Assert.Matches("<text [^>]*textLength=\"784\" lengthAdjust=\"spacingAndGlyphs\"[^>]*>bench: рейтинг", svg);
        Assert.DoesNotContain("textLength", FrontierCharts.CurveChart(WorkedExample(), "bench", "c"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_worked_example_marks_the_current_lag_from_the_day_the_reference_reached_the_groups_best_to_the_as_of_date()
    {
        var svg = FrontierCharts.CurveChart(WorkedExample(), "bench", "c");
        Assert.Contains("RU: current lag 151 days (5.0 months): US first reached 0.65 on 2024-10-01", svg, StringComparison.Ordinal);
        Assert.Contains("RU: 2 models, best 0.65 by ru-b released 2025-01-01, current lag 151 days (5.0 months), median record lag 3.0 months", svg, StringComparison.Ordinal);
        Assert.Contains("US record: us-c, 2024-10-01: 0.7", svg, StringComparison.Ordinal);
        // The group's frontier: two records as steps (start, corner, record) running on to the as-of date.
        var steps = Polylines().Matches(svg).Select(m => m.Groups[1].Value.Split(' ')).ToList();
        Assert.Equal([4, 6], steps.Select(s => s.Length).Order());
        var ru = steps.Single(s => s.Length == 4);
        Assert.Equal(ru[1].Split(',')[0], ru[2].Split(',')[0]); // vertical step at ru-b's release
        Assert.Equal(ru[0].Split(',')[1], ru[1].Split(',')[1]); // flat until then
    }

    [Fact]
    public void The_lag_chart_gives_each_group_its_median_record_lag_interval_and_current_lag_in_months()
    {
        var view = ShippedView(FrontierGrouping.Country, "US");
        var svg = FrontierCharts.LagChart(view, "lag");
        foreach (var row in view.Result.Rows.Where(r => r.Benchmark == "*"))
        {
            var months = (double d) => (d / 30.44).ToString("0.0", CultureInfo.InvariantCulture).Replace('-', '\u2212');
            Assert.Contains($"{row.Group}: median record lag {months(row.MedianRecordLagDays)} months (95% CI {months(row.Lower)} to {months(row.Upper)}), current lag {months(row.CurrentLagDays)} months", svg, StringComparison.Ordinal);
        }

        Assert.Equal(view.Result.Rows.Count(r => r.Benchmark == "*"), Regex.Count(svg, "<circle ") - 1); // one dot per group, plus the key's
        Assert.DoesNotContain("US: median", svg, StringComparison.Ordinal); // the reference is the zero line, not a row
    }

    [Fact]
    public void Charts_are_the_same_under_ru_RU_and_the_invariant_culture_and_byte_identical_on_a_second_render()
    {
        var view = ShippedView(FrontierGrouping.Country, "US");
        var invariant = RenderUnder(CultureInfo.InvariantCulture, () => FrontierCharts.Figures(view));
        var russian = RenderUnder(CultureInfo.GetCultureInfo("ru-RU"), () => FrontierCharts.Figures(view));
        Assert.Equal(invariant, russian);
        Assert.Equal(invariant, FrontierCharts.Figures(ShippedView(FrontierGrouping.Country, "US")));
        Assert.DoesNotMatch(@"\s(?!points=)[a-z-]+=""[-\d.]*,\d", invariant); // no decimal comma in any number (points="x,y …" pairs by comma)
        Assert.Matches(@">2025-01<", invariant); // month ticks are ISO, not localised month names
    }

    [Fact]
    public void The_worked_example_figures_match_the_verified_file() =>
        Golden.Verify(RenderUnder(CultureInfo.GetCultureInfo("ru-RU"), () => FrontierCharts.Figures(WorkedExample(), "w")), "frontier-figures.html");

    [Theory]
    [InlineData(FrontierGrouping.Country, "US")]
    [InlineData(FrontierGrouping.Organization, "OpenAI")]
    [InlineData(FrontierGrouping.Weights, "closed")]
    public void Every_chart_is_named_by_its_own_title_and_description(FrontierGrouping grouping, string reference)
    {
        var html = FrontierCharts.Figures(ShippedView(grouping, reference), "p");
        var svgs = Regex.Matches(html, "<svg [^>]*aria-labelledby=\"([^\"]+)-t \\1-d\"[^>]*>\\n<title id=\"\\1-t\">([^<]+)</title>\\n<desc id=\"\\1-d\">([^<]+)</desc>");
        Assert.Equal(Regex.Count(html, "<svg "), svgs.Count);
        Assert.Equal(1 + FrontierCharts.DefaultCurves, svgs.Count);
        Assert.Equal(svgs.Count, svgs.Select(m => m.Groups[1].Value).Distinct().Count());
        Assert.All(svgs, m => Assert.True(m.Groups[3].Value.Length > 40, m.Groups[3].Value));
        Assert.Equal(svgs.Count, Regex.Count(html, "<figcaption>"));
    }

    [Theory]
    [InlineData(FrontierGrouping.Country, "US")]
    [InlineData(FrontierGrouping.Organization, "OpenAI")]
    [InlineData(FrontierGrouping.Weights, "closed")]
    public void No_two_labels_overlap_on_the_shipped_data(FrontierGrouping grouping, string reference)
    {
        var html = FrontierCharts.Figures(ShippedView(grouping, reference), "o");
        foreach (Match svg in Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline))
        {
            var boxes = LabelBoxes(svg.Value);
            Assert.True(boxes.Count > 10);
            var width = double.Parse(Regex.Match(svg.Value, "width=\"([\\d.]+)\"").Groups[1].Value, CultureInfo.InvariantCulture);
            foreach (var b in boxes) Assert.True(b.X0 >= 0 && b.X1 <= width, $"'{b.Text}' leaves the chart: {b.X0:0}–{b.X1:0} of {width}");
            for (var i = 0; i < boxes.Count; i++)
            {
                for (var j = i + 1; j < boxes.Count; j++)
                {
                    var (a, c) = (boxes[i], boxes[j]);
                    var overlap = a.X0 < c.X1 && c.X0 < a.X1 && a.Y0 < c.Y1 && c.Y0 < a.Y1;
                    Assert.False(overlap, $"'{a.Text}' overlaps '{c.Text}'");
                }
            }
        }
    }

    private sealed record Box(string Text, double X0, double X1, double Y0, double Y1);

    // Every unrotated text's box: a glyph is taken as 0.6 em wide (a generous average for the system sans fonts), the line one em tall.
    private static List<Box> LabelBoxes(string svg) =>
        [.. Texts().Matches(svg).Where(m => !m.Value.Contains("transform=", StringComparison.Ordinal)).Select(m =>
        {
            double P(string name) => double.Parse(Regex.Match(m.Value, $" {name}=\"([-\\d.]+)\"").Groups[1].Value, CultureInfo.InvariantCulture);
            var text = System.Net.WebUtility.HtmlDecode(m.Groups[2].Value);
            var size = P("font-size");
            var w = text.Length * size * 0.6;
            var x = P("x");
            var x0 = m.Groups[1].Value switch { "end" => x - w, "middle" => x - (w / 2), _ => x };
            return new Box(text, x0, x0 + w, P("y") - (size * 0.8), P("y") + (size * 0.2));
        })];

    private static string RenderUnder(CultureInfo culture, Func<string> render)
    {
        var (old, oldUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            return render();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (old, oldUi);
        }
    }

    [GeneratedRegex("<polyline [^>]*points=\"([^\"]+)\"")]
    private static partial Regex Polylines();

    [GeneratedRegex("<text [^>]*text-anchor=\"(\\w+)\"[^>]*>([^<]*)</text>")]
    private static partial Regex Texts();
}

public sealed class FrontierChartTextTests
{
    // Every word replaced by a marker naming its property: what is left in English was not passed in.
    private static FrontierChartText Marked()
    {
        var text = FrontierChartText.English with { };
        foreach (var p in typeof(FrontierChartText).GetProperties().Where(p => p.PropertyType == typeof(string) && p.CanWrite))
        {
            p.SetValue(text, "⟦" + p.Name + "⟧");
        }

        return text;
    }

    [Fact]
    public void An_arena_rating_curve_names_its_axis_a_rating_and_a_benchmark_curve_a_score()
    {
        var csv = FrontierLagAnalysisTests.WorkedExample + "\n" + string.Join("\n", FrontierLagAnalysisTests.WorkedExample.Split('\n').Skip(1)
            .Select(l => l.Replace(",bench,0.", $",{ArenaFrontier.Benchmark},1", StringComparison.Ordinal)));
        var table = FrontierLagAnalysisTests.Table(csv);
        var options = new FrontierOptions { Reference = "US", AsOf = new DateOnly(2025, 3, 1), Bootstrap = new() { Rounds = 50, Seed = 3 } };
        var view = new FrontierView(table, options, FrontierLagAnalysis.Compute(table, options)) { Text = Marked() };
        Assert.Contains("⟦RatingAxis⟧", FrontierCharts.CurveChart(view, ArenaFrontier.Benchmark, "a"), StringComparison.Ordinal);
        Assert.DoesNotContain("⟦ScoreAxis⟧", FrontierCharts.CurveChart(view, ArenaFrontier.Benchmark, "a"), StringComparison.Ordinal);
        Assert.Contains("⟦ScoreAxis⟧", FrontierCharts.CurveChart(view, "bench", "b"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_charts_draw_only_the_words_they_are_given_with_numbers_and_dates_kept_invariant()
    {
        var table = FrontierLagAnalysisTests.Table(FrontierLagAnalysisTests.WorkedExample);
        var options = new FrontierOptions { Reference = "US", AsOf = new DateOnly(2025, 3, 1), Bootstrap = new() { Rounds = 200, Seed = 3 } };
        var view = new FrontierView(table, options, FrontierLagAnalysis.Compute(table, options)) { Simulated = true, Text = Marked() };
        var html = FrontierCharts.Figures(view, "f");
        foreach (var used in new[] { "SimulatedSuffix", "SimulatedPrefix", "ReferenceMark", "LagTitle", "LagDescribe", "LagTooltip", "LagKeyMedian", "LagKeyCurrent", "LagColumnRecord",
                     "LagColumnNow", "LagAxis", "CurveTitle", "AsOf", "ReleaseDateAxis", "ScoreAxis", "RecordTooltip", "CurrentLagTooltip", "ModelsBest", "CurrentLagLegend",
                     "MedianLagLegend", "KeyModel", "KeyRecord", "KeyLag", "CurveDescribe", "CurveDescribeLag", "LagCaption", "CurveCaption" })
        {
            Assert.Contains("⟦" + used + "⟧", html, StringComparison.Ordinal);
        }

        var words = Regex.Replace(Regex.Replace(html, "<[^>]*>", " "), "⟦[A-Za-z]+⟧", " ");
        foreach (var english in new[] { "median", "record", "release", "score", "as of", "current lag", "reference", "months", "simulated", "model,", "best" })
        {
            Assert.DoesNotContain(english, words, StringComparison.OrdinalIgnoreCase);
        }

        // The ru-RU culture changes nothing but the words: numbers and dates are the invariant ones.
        var ru = new FrontierView(table, options, view.Result) { Text = FrontierChartText.English with { LagTitle = "Отставание от {0} в месяцах на {1}", CurrentLagLegend = "текущее отставание {0} мес." } };
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("ru-RU");
        try
        {
            var svg = FrontierCharts.LagChart(ru) + FrontierCharts.CurveChart(ru, "bench", "c");
            Assert.Contains("Отставание от US в месяцах на 2025-03-01", svg, StringComparison.Ordinal);
            Assert.Contains("текущее отставание 5.0 мес.", svg, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void The_default_words_are_english_and_the_report_is_unchanged_by_them()
    {
        var table = FrontierLagAnalysisTests.Table(FrontierLagAnalysisTests.WorkedExample);
        var options = new FrontierOptions { Reference = "US", AsOf = new DateOnly(2025, 3, 1), Bootstrap = new() { Rounds = 200, Seed = 3 } };
        var plain = new FrontierView(table, options, FrontierLagAnalysis.Compute(table, options));
        Assert.Same(FrontierChartText.English, plain.Text);
        Assert.Equal(FrontierCharts.Figures(plain), FrontierCharts.Figures(plain with { Text = new FrontierChartText() }));
        Assert.Contains("Months behind US as of 2025-03-01", FrontierCharts.LagChart(plain), StringComparison.Ordinal);
    }
}
