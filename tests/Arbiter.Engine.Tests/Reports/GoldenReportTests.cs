using System.Globalization;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Reports.Html;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Engine.Tests.Reports;

/// <summary>
/// Snapshot tests of every output format. Each is rendered under the invariant culture and under
/// ru-RU (decimal comma, different digit grouping): both must match the same verified file.
/// </summary>
public sealed class GoldenReportTests
{
    private static readonly BootstrapOptions Bootstrap = new() { Rounds = 400, Seed = 7, MaxDegreeOfParallelism = 2 };

    public static TheoryData<string> Formats => ["html", "md", "json", "csv", "compare-json", "compare-md"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Output_matches_the_verified_file_under_invariant_and_ru_RU_cultures(string format)
    {
        var invariant = RenderUnder(CultureInfo.InvariantCulture, format);
        var russian = RenderUnder(CultureInfo.GetCultureInfo("ru-RU"), format);
        Assert.Equal(invariant, russian);
        Golden.Verify(invariant, "report." + format);
    }

    [Fact]
    public void The_same_seed_gives_byte_identical_reports_and_another_seed_changes_only_bootstrap_intervals()
    {
        var runs = ReportFixture.Standard();
        var a = JsonReportWriter.Render(ReportBuilder.Build(runs, new ReportOptions(), Bootstrap));
        var b = JsonReportWriter.Render(ReportBuilder.Build(ReportFixture.Standard(), new ReportOptions(), Bootstrap with { MaxDegreeOfParallelism = 1 }));
        Assert.Equal(a, b);
        var other = ReportBuilder.Build(runs, new ReportOptions(), Bootstrap with { Seed = 8 });
        var first = ReportBuilder.Build(runs, new ReportOptions(), Bootstrap);
        Assert.Equal(first.ModelSummaries.Select(m => m.Score.Interval), other.ModelSummaries.Select(m => m.Score.Interval));
        Assert.NotEqual(
            first.Comparisons.Groups.SelectMany(g => g.Pairs).Select(p => p.Comparison.Bootstrap.Interval),
            other.Comparisons.Groups.SelectMany(g => g.Pairs).Select(p => p.Comparison.Bootstrap.Interval));
    }

    [Fact]
    public void Generation_time_appears_only_when_given()
    {
        var runs = ReportFixture.Standard();
        var without = HtmlReportWriter.Render(ReportBuilder.Build(runs, new ReportOptions(), Bootstrap));
        var with = HtmlReportWriter.Render(ReportBuilder.Build(runs, new ReportOptions { GeneratedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 0, TimeSpan.Zero) }, Bootstrap));
        Assert.DoesNotContain("Generated", without, StringComparison.Ordinal);
        Assert.Contains("Generated 2026-01-02 03:04 UTC", with, StringComparison.Ordinal);
    }

    internal static string Render(string format)
    {
        var report = ReportBuilder.Build(ReportFixture.Standard(), new ReportOptions { Title = "Golden report — отчёт — 报告" }, Bootstrap);
        return format switch
        {
            "html" => HtmlReportWriter.Render(report),
            "md" => MarkdownReportWriter.Render(report),
            "json" => JsonReportWriter.Render(report),
            "csv" => CsvReportWriter.Render(report),
            "compare-json" => CompareJsonWriter.Render(report.Comparisons),
            _ => MarkdownReportWriter.Comparisons(report.Comparisons),
        };
    }

    private static string RenderUnder(CultureInfo culture, string format)
    {
        var (current, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return Render(format);
        }
        finally
        {
            CultureInfo.CurrentCulture = current;
            CultureInfo.CurrentUICulture = ui;
        }
    }
}
