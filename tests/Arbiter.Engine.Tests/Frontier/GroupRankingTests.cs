using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Engine.Frontier;

namespace Arbiter.Engine.Tests.Frontier;

public sealed class GroupRankingTests
{
    private static readonly DateOnly AsOf = new(2025, 10, 15);

    [Fact]
    public void Ranks_each_groups_best_model_among_all_models()
    {
        var table = FrontierLagAnalysisTests.Table(FrontierLagAnalysisTests.WorkedExample + "\nxx,Nobody,,2024-02-01,open,bench,0.66");
        var rows = GroupRanking.Compute(table, FrontierGrouping.Country, AsOf, []);
        Assert.Equal(
            [new GroupRankRow("US", "bench", 3, "us-c", 0.70, 1, 6, rows[0].Mean, rows[0].Lower, rows[0].Upper), new GroupRankRow("RU", "bench", 2, "ru-b", 0.65, 3, 6, rows[1].Mean, rows[1].Lower, rows[1].Upper)],
            rows);
        Assert.All(rows, r => Assert.Equal(0.6, r.Mean, 12));
        Assert.True(rows[0].Lower < 0.6 && rows[0].Upper > 0.6);
        Assert.Equal("The best RU model (ru-b) ranks 3rd of 6 on bench", GroupRanking.Sentence(rows[1]));
    }

    [Fact]
    public void A_group_means_interval_stays_inside_0_to_1_for_a_fraction_and_is_left_alone_for_an_unbounded_score()
    {
        // Three scores far apart: the Student-t interval (n = 3, t = 4.30) runs from about −0.40 to 1.85.
        var table = FrontierLagAnalysisTests.Table("""
            model,organization,country,release_date,weights,benchmark,score
            a,L,RU,2024-01-01,open,frac,0.98
            b,L,RU,2024-01-01,open,frac,0.99
            c,L,RU,2024-01-01,open,frac,0.20
            a,L,RU,2024-01-01,open,rating,1098
            b,L,RU,2024-01-01,open,rating,1099
            c,L,RU,2024-01-01,open,rating,1020
            """);
        var rows = GroupRanking.Compute(table, FrontierGrouping.Country, AsOf, []);
        var fraction = rows.Single(r => r.Benchmark == "frac");
        Assert.Equal((0.0, 1.0), (fraction.Lower, fraction.Upper));
        Assert.Equal(0.7233, fraction.Mean, 4);

        var rating = rows.Single(r => r.Benchmark == "rating");
        Assert.Equal(1072.33, rating.Mean, 2);
        Assert.Equal(1072.33 - 112.6, rating.Lower, 0); // ±t·s/√n = 4.303 × 45.35 / √3, not clamped
        Assert.True(rating.Upper > 1099, "an unbounded score's interval is not clamped to the observed range");
    }

    [Fact]
    public void On_the_shipped_file_the_best_chinese_model_ranks_15th_of_129_on_gpqa()
    {
        var table = new ScoreTable();
        ScoresCsv.ReadInto(table, Path.Combine(AppContext.BaseDirectory, "Fixtures", "Frontier", "llm_stats_scores.csv"));
        var rows = GroupRanking.Compute(table, FrontierGrouping.Country, AsOf, ["gpqa"]);
        Assert.Equal(["US", "CN", "FR"], rows.Select(r => r.Group));
        var cn = rows[1];
        Assert.Equal(("qwen3-235b-a22b-thinking-2507", 15, 129, 35), (cn.BestModel, cn.BestRank, cn.RankedModels, cn.Models));
        Assert.Equal(0.61182, cn.Mean, 9);
        Assert.Equal((1, 42), (rows[0].BestRank, rows[2].BestRank));
    }

    [Fact]
    public void Config_models_and_runs_fill_facts_the_csv_does_not_give()
    {
        var table = FrontierLagAnalysisTests.Table(FrontierLagAnalysisTests.WorkedExample);
        FrontierSources.AddConfigModels(table, [
            new ModelSpec("sim-volga-pro", "openai", "http://x", "m", null, "RU", "RU / simulated Russian lab", null, new DateOnly(2025, 3, 15), GenerationParameters.Default),
            new ModelSpec("us-a", "openai", "http://x", "m", null, "US", "CN / Elsewhere", null, new DateOnly(2020, 1, 1), GenerationParameters.Default),
        ]);
        Assert.Equal(new ModelFacts("sim-volga-pro", "simulated Russian lab", "RU", null, new DateOnly(2025, 3, 15), "arbiter.yaml"), table.Facts["sim-volga-pro"]);
        Assert.Equal(("US", new DateOnly(2024, 1, 1)), (table.Facts["us-a"].Country, table.Facts["us-a"].ReleaseDate)); // the CSV wins
    }

    [Fact]
    public void Reads_origin_and_release_date_recorded_with_a_run()
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object?> { ["model"] = new { Id = "m", Origin = "CN / DeepSeek", ReleaseDate = (DateOnly?)new DateOnly(2025, 1, 20) } });
        Assert.Equal(("CN / DeepSeek", new DateOnly(2025, 1, 20)), FrontierSources.Recorded(json));
        Assert.Equal((null, null), FrontierSources.Recorded("{}"));
        Assert.Equal((null, null), FrontierSources.Recorded("not json"));
    }

    [Fact]
    public void Json_has_exactly_the_issue_shape()
    {
        var result = FrontierLagAnalysis.Compute(FrontierLagAnalysisTests.Table(FrontierLagAnalysisTests.WorkedExample),
            new FrontierOptions { Reference = "US", AsOf = new DateOnly(2025, 3, 1), Bootstrap = new() { Rounds = 50 } });
        using var doc = JsonDocument.Parse(FrontierWriter.Json(result));
        var row = doc.RootElement[0];
        Assert.Equal(["group", "benchmark", "currentLagDays", "currentLagMonths", "medianRecordLagDays", "lower", "upper", "records"], row.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["date", "model", "score", "referenceDate", "lagDays", "censored"], row.GetProperty("records")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("*", doc.RootElement[1].GetProperty("benchmark").GetString());
    }
}
