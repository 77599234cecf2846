using Arbiter.Engine.Reports;
using Arbiter.Engine.Reports.Html;
using Arbiter.Statistics.Bootstrap;
using static Arbiter.Engine.Tests.Reports.ReportFixture;

namespace Arbiter.Engine.Tests.Reports;

/// <summary>Edge cases give clear results in every format: never NaN, Infinity or a crash.</summary>
public sealed class EdgeCaseTests
{
    private static readonly BootstrapOptions Fast = new() { Rounds = 100, Seed = 1 };

    public static TheoryData<string> Cases => ["no runs", "empty run", "all correct", "all wrong", "one model", "different suites", "no pricing", "mixed currencies"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_format_renders_without_NaN(string name)
    {
        var report = ReportBuilder.Build(Build(name), new ReportOptions(), Fast);
        foreach (var text in new[] { HtmlReportWriter.Render(report), MarkdownReportWriter.Render(report), JsonReportWriter.Render(report), CsvReportWriter.Render(report), CompareJsonWriter.Render(report.Comparisons) })
        {
            Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Infinity", text, StringComparison.Ordinal);
            Assert.DoesNotContain("∞", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_runs_says_so()
    {
        var report = ReportBuilder.Build([], new ReportOptions(), Fast);
        Assert.Contains("No runs matched", Assert.Single(report.Notices), StringComparison.Ordinal);
        Assert.Contains("No runs matched", HtmlReportWriter.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_run_shows_an_empty_score_not_zero()
    {
        var report = ReportBuilder.Build(Build("empty run"), new ReportOptions(), Fast);
        Assert.True(report.Runs.Single(r => r.Score.IsEmpty).Score.IsEmpty);
        Assert.Contains(report.Notices, n => n.Contains("has no samples", StringComparison.Ordinal));
        Assert.Contains("\"score\": null", JsonReportWriter.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void All_correct_and_all_wrong_have_one_sided_Wilson_intervals()
    {
        var s = new SuiteDef("x", "d", "en", "x", 20);
        var report = ReportBuilder.Build([Constant("all-right", s, 1), Constant("all-wrong", s, 0)], new ReportOptions(), Fast);
        var right = report.ModelSummaries.Single(m => m.Model == "all-right").Score;
        var wrong = report.ModelSummaries.Single(m => m.Model == "all-wrong").Score;
        Assert.Equal((1.0, 1.0), (right.Mean, right.Interval.Upper));
        Assert.InRange(right.Interval.Lower, 0.8, 0.85);
        Assert.Equal((0.0, 0.0), (wrong.Mean, wrong.Interval.Lower));
        Assert.Equal("unknown", Fmt.Money(report.ModelSummaries[0].Efficiency.CostPerCorrect));
    }

    [Fact]
    public void One_model_is_reported_without_comparisons()
    {
        var report = ReportBuilder.Build(Build("one model"), new ReportOptions(), Fast);
        Assert.False(report.Comparisons.HasPairs);
        Assert.Contains(report.Notices, n => n.Contains("Only one model", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_pricing_is_unknown_and_mixed_currencies_are_called_out()
    {
        var none = ReportBuilder.Build(Build("no pricing"), new ReportOptions(), Fast);
        Assert.Contains(none.Notices, n => n.Contains("sim-open has no pricing: its cost is unknown", StringComparison.Ordinal));
        Assert.Contains("Not shown, cost unknown: sim-open", HtmlReportWriter.Render(none), StringComparison.Ordinal);
        var mixed = ReportBuilder.Build(Build("mixed currencies"), new ReportOptions(), Fast);
        Assert.Contains(mixed.Notices, n => n.Contains("never converted", StringComparison.Ordinal));
        Assert.Contains("separate panels", HtmlReportWriter.Render(mixed), StringComparison.Ordinal);
    }

    private static List<RunData> Build(string name)
    {
        var s = FixtureSuites[0];
        return name switch
        {
            "no runs" => [],
            "empty run" => [Empty("sim-atlas", s), Run(Models[1], s, 1)],
            "all correct" => [Constant("a", s, 1), Constant("b", s, 1)],
            "all wrong" => [Constant("a", s, 0), Constant("b", s, 0)],
            "one model" => [Run(Models[0], s, 1), Run(Models[0], FixtureSuites[1], 1)],
            "different suites" => [Run(Models[0], s, 1), Run(Models[1], FixtureSuites[1], 1)],
            "no pricing" => [Run(Models[3], s, 1), Run(Models[0], s, 1)],
            _ => [.. Models.Take(3).Select(m => Run(m, s, 1))],
        };
    }
}
