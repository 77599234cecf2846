using System.Text.Json.Nodes;
using Arbiter.Engine.Frontier;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Reports.Html;

namespace Arbiter.Engine.Tests.Reports;

public sealed class ReportGroupsTests
{
    // The fixture's models with origins as the runner records them; sim-open has none (ranked, not grouped).
    private static readonly Dictionary<string, string> Origins = new(StringComparer.Ordinal)
    {
        ["sim-atlas"] = "US / Atlas Labs (closed weights)",
        ["sim-volga"] = "RU / Volga AI (open weights)",
        ["sim-huanghe"] = "CN / Huanghe (open weights)",
    };

    internal static IReadOnlyList<RunData> WithOrigins() =>
        [.. ReportFixture.Standard().Select(r => Origins.TryGetValue(r.Run.ModelId, out var origin)
            ? r with { Run = r.Run with { ConfigJson = WithModel(r.Run.ConfigJson, origin) } }
            : r)];

    private static string WithModel(string configJson, string origin)
    {
        var node = JsonNode.Parse(configJson)!.AsObject();
        node["model"] = new JsonObject { ["Origin"] = origin, ["ReleaseDate"] = "2025-01-01" };
        return node.ToJsonString();
    }

    [Fact]
    public void The_report_ranks_each_countrys_best_model_among_all_models_with_the_groups_mean()
    {
        var runs = WithOrigins();
        var report = ReportBuilder.Build(runs, new ReportOptions { IncludeComparisons = false });
        Assert.Equal([FrontierGrouping.Country, FrontierGrouping.Organization, FrontierGrouping.Weights], report.Groups.Select(g => g.Grouping));

        // Exactly the rows `arbiter leaderboard --by country --runs` computes from the same runs.
        var table = new ScoreTable();
        FrontierSources.AddRuns(table, runs);
        var expected = GroupRanking.Compute(table, FrontierGrouping.Country, DateOnly.MaxValue, []);
        Assert.Equal(expected, report.Groups[0].Rows);

        var ru = report.Groups[0].Rows.Single(r => r.Group == "RU" && r.Benchmark == "banking-ru");
        var all = runs.Where(r => r.Run.SuiteId == "banking-ru").Select(r => (r.Run.ModelId, Score: r.Correct / r.Samples.Count)).ToList();
        Assert.Equal(("sim-volga", 1 + all.Count(x => x.Score > all.Single(y => y.ModelId == "sim-volga").Score), 4), (ru.BestModel, ru.BestRank, ru.RankedModels));

        var open = report.Groups[2].Rows.Single(r => r.Group == "open" && r.Benchmark == "banking-ru");
        Assert.Equal(2, open.Models);
        Assert.True(open.Lower >= 0 && open.Upper <= 1 && open.Lower < open.Mean && open.Mean < open.Upper);

        var html = HtmlReportWriter.Render(report);
        var section = html[html.IndexOf("<section id=\"groups\">", StringComparison.Ordinal)..];
        section = section[..(section.IndexOf("</section>", StringComparison.Ordinal) + 10)];
        Assert.Contains("<h3>By country</h3>", section, StringComparison.Ordinal);
        Assert.Contains("<details><summary>By organisation</summary>", section, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"t\">banking-ru</td><td class=\"t\">RU</td><td class=\"t\">sim-volga</td>", section, StringComparison.Ordinal);
        Assert.Contains($">{GroupRanking.Ordinal(ru.BestRank)} of 4</td>", section, StringComparison.Ordinal);
        Assert.DoesNotContain("<td class=\"t\">sim-open</td>", section, StringComparison.Ordinal); // no origin: never a group's best
    }

    [Fact]
    public void Without_recorded_origins_the_report_has_no_group_section()
    {
        var report = ReportBuilder.Build(ReportFixture.Standard(), new ReportOptions { IncludeComparisons = false });
        Assert.Empty(report.Groups);
        Assert.DoesNotContain("id=\"groups\"", HtmlReportWriter.Render(report), StringComparison.Ordinal);
    }
}
