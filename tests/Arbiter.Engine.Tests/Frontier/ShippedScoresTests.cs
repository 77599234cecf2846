using Arbiter.Engine.Frontier;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Engine.Tests.Frontier;

/// <summary>
/// The shipped LLM Stats file (data/frontier, CC-BY-4.0, credit "LLM Stats, llm-stats.com"). Expected numbers
/// were computed independently with a short Python script (same definitions: best of duplicates, ties by
/// release date, score, then model id; numpy-linear median; censored lag = record date − as-of date).
/// </summary>
public sealed class ShippedScoresTests
{
    private static readonly string Path = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "Frontier", "llm_stats_scores.csv");

    private static ScoreTable Load()
    {
        var table = new ScoreTable();
        ScoresCsv.ReadInto(table, Path);
        return table;
    }

    private static readonly FrontierOptions Options = new()
    {
        Reference = "US",
        AsOf = new DateOnly(2025, 10, 15),
        Bootstrap = new BootstrapOptions { Rounds = 200, Seed = 42 },
    };

    [Fact]
    public void Loads_every_row()
    {
        var table = Load();
        Assert.Equal(164, table.Facts.Count); // distinct model_id (shared/data/README says 169 models by 17 organisations; the file holds 164 by 16)
        Assert.Equal(2224 - 9, table.Scores.Count); // 9 repeated rows over 8 model × benchmark pairs (e.g. with and without tools)
        Assert.Contains(table.Notes, n => n.Text.StartsWith("9 duplicate", StringComparison.Ordinal));
    }

    [Fact]
    public void China_against_the_US_matches_the_independent_computation()
    {
        var result = FrontierLagAnalysis.Compute(Load(), Options);
        Assert.Equal(["CA", "CN", "FR"], result.Rows.Select(r => r.Group).Distinct());
        var cn = result.Rows.Where(r => r.Group == "CN").ToDictionary(r => r.Benchmark);
        Assert.Equal((240.0, 129.5), (cn["gpqa"].CurrentLagDays, cn["gpqa"].MedianRecordLagDays));
        Assert.Equal([145, 203, 114, 24, 100, 158], cn["gpqa"].Records.Select(r => r.LagDays));
        Assert.Equal((481.0, 395.5), (cn["mmlu"].CurrentLagDays, cn["mmlu"].MedianRecordLagDays));
        Assert.Equal((0.0, 141.0), (cn["mmlu-pro"].CurrentLagDays, cn["mmlu-pro"].MedianRecordLagDays));
        Assert.Equal([false, false, false, true, true], cn["mmlu-pro"].Records.Select(r => r.Censored));
        Assert.Equal(-278, cn["mmlu-pro"].Records[3].LagDays);
        Assert.Equal((0.0, -19.0), (cn["humaneval"].CurrentLagDays, cn["humaneval"].MedianRecordLagDays));
        Assert.Equal(66, cn.Count); // 65 shared benchmarks + "*"
        Assert.Equal((98.0, 1.0), (cn["*"].CurrentLagDays, cn["*"].MedianRecordLagDays));
        Assert.True(cn["*"].Lower <= 1.0 && 1.0 <= cn["*"].Upper);
        Assert.Contains(result.Notes, n => n.Text.StartsWith("8 model(s) without a known country", StringComparison.Ordinal));
    }
}
