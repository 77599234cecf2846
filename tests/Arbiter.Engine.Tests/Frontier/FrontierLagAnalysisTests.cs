using System.Text.Json;
using Arbiter.Engine.Config;
using Arbiter.Engine.Frontier;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Engine.Tests.Frontier;

public sealed class FrontierLagAnalysisTests
{
    // The issue's worked example as a scores CSV (reference = US, group = RU).
    internal const string WorkedExample = """
        model,organization,country,release_date,weights,benchmark,score
        us-a,Lab A,US,2024-01-01,closed,bench,0.50
        us-b,Lab A,US,2024-04-01,closed,bench,0.60
        us-c,Lab B,US,2024-10-01,open,bench,0.70
        ru-a,Lab R,RU,2024-07-01,open,bench,0.55
        ru-b,Lab R,RU,2025-01-01,closed,bench,0.65
        """;

    private static readonly FrontierOptions Options = new()
    {
        Reference = "US",
        AsOf = new DateOnly(2025, 3, 1),
        Bootstrap = new BootstrapOptions { Rounds = 200, Seed = 3 },
    };

    internal static ScoreTable Table(string csv, string file = "scores.csv")
    {
        var table = new ScoreTable();
        ScoresCsv.Read(table, file, new StringReader(csv));
        return table;
    }

    [Fact]
    public void Worked_example_is_exact_to_the_day()
    {
        var result = FrontierLagAnalysis.Compute(Table(WorkedExample), Options);
        var row = Assert.Single(result.Rows, r => r.Benchmark == "bench");
        Assert.Equal("RU", row.Group);
        Assert.Equal(151, row.CurrentLagDays);
        Assert.Equal(151 / 30.44, row.CurrentLagMonths, 12);
        Assert.Equal(91.5, row.MedianRecordLagDays);
        Assert.Equal(
            [new FrontierRecord("2024-07-01", "ru-a", 0.55, "2024-04-01", 91, false), new FrontierRecord("2025-01-01", "ru-b", 0.65, "2024-10-01", 92, false)],
            row.Records);
        var all = Assert.Single(result.Rows, r => r.Benchmark == "*");
        Assert.Equal(("RU", 151.0, 91.5), (all.Group, all.CurrentLagDays, all.MedianRecordLagDays));
        Assert.Empty(all.Records);
    }

    [Fact]
    public void Results_do_not_depend_on_row_order()
    {
        var lines = WorkedExample.Split('\n');
        var shuffled = string.Join('\n', [lines[0], .. lines.Skip(1).Reverse()]);
        Assert.Equal(Json(FrontierLagAnalysis.Compute(Table(WorkedExample), Options)), Json(FrontierLagAnalysis.Compute(Table(shuffled), Options)));
    }

    [Fact]
    public void A_record_the_reference_never_reached_is_reported_censored()
    {
        var result = FrontierLagAnalysis.Compute(Table(WorkedExample + "\nru-c,Lab R,RU,2025-02-01,open,bench,0.90"), Options);
        var row = Assert.Single(result.Rows, r => r.Benchmark == "bench");
        Assert.Equal(3, row.Records.Count);
        Assert.Equal(new FrontierRecord("2025-02-01", "ru-c", 0.90, null, -28, true), row.Records[^1]);
        Assert.Equal(0, row.CurrentLagDays); // RU leads
    }

    [Fact]
    public void Groups_by_organization_and_weights_too()
    {
        var byWeights = FrontierLagAnalysis.Compute(Table(WorkedExample), Options with { Grouping = FrontierGrouping.Weights, Reference = "closed" });
        Assert.Equal(["open"], byWeights.Rows.Select(r => r.Group).Distinct());
        var byOrg = FrontierLagAnalysis.Compute(Table(WorkedExample), Options with { Grouping = FrontierGrouping.Organization, Reference = "Lab A" });
        Assert.Equal(["Lab B", "Lab R"], byOrg.Rows.Select(r => r.Group).Distinct());
    }

    [Fact]
    public void Unknown_reference_or_benchmark_is_a_clear_input_error()
    {
        var table = Table(WorkedExample);
        var ex = Assert.Throws<FrontierInputException>(() => FrontierLagAnalysis.Compute(table, Options with { Reference = "CN" }));
        Assert.Contains("--reference CN", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RU, US", ex.Message, StringComparison.Ordinal);
        var b = Assert.Throws<FrontierInputException>(() => FrontierLagAnalysis.Compute(table, Options with { Benchmarks = ["gpqa"] }));
        Assert.Contains("--benchmark gpqa", b.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scores_without_any_country_say_what_to_set_instead_of_listing_no_groups()
    {
        // A store served without the config that gave the models their facts: scores, but no country or date.
        var table = Table("""
            model,organization,country,release_date,weights,benchmark,score
            m-a,,,,,bench,0.5
            m-b,,,,,bench,0.6
            """);
        var ex = Assert.Throws<FrontierInputException>(() => FrontierLagAnalysis.Compute(table, Options));
        Assert.Contains("set releaseDate and origin for each model", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("groups present", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_released_after_the_as_of_date_are_left_out_and_said_so()
    {
        var result = FrontierLagAnalysis.Compute(Table(WorkedExample), Options with { AsOf = new DateOnly(2024, 12, 31) });
        var row = Assert.Single(result.Rows, r => r.Benchmark == "bench");
        Assert.Single(row.Records);
        Assert.Equal(new DateOnly(2024, 12, 31).DayNumber - new DateOnly(2024, 4, 1).DayNumber, row.CurrentLagDays);
        Assert.Contains(result.Notes, n => n.Text.Contains("released after 2024-12-31", StringComparison.Ordinal));
    }

    [Fact]
    public void An_as_of_date_long_after_the_newest_release_is_pointed_out()
    {
        var later = FrontierLagAnalysis.Compute(Table(WorkedExample), Options with { AsOf = new DateOnly(2026, 12, 6) });
        Assert.Contains(later.Notes, n => n.Text.Contains("newest release in the data is 2025-01-01", StringComparison.Ordinal));
        Assert.DoesNotContain(FrontierLagAnalysis.Compute(Table(WorkedExample), Options).Notes, n => n.Text.Contains("newest release", StringComparison.Ordinal));
    }

    private static string Json(FrontierLagResult r) => JsonSerializer.Serialize(r);
}
