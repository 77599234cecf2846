using Arbiter.Core.Arena;
using Arbiter.Core.Models;
using Arbiter.Engine.Arena;
using Arbiter.Engine.Frontier;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Engine.Tests.Frontier;

public sealed class ArenaFrontierTests
{
    // The issue's worked example, as arena models: strength order us-a < ru-a < us-b < ru-b < us-c (as its scores 0.50 … 0.70).
    private static readonly (string Id, string Origin, DateOnly Release)[] Models =
    [
        ("us-a", "US / Lab A", new(2024, 1, 1)),
        ("ru-a", "RU / Lab R (open weights)", new(2024, 7, 1)),
        ("us-b", "US / Lab A", new(2024, 4, 1)),
        ("ru-b", "RU / Lab R", new(2025, 1, 1)),
        ("us-c", "US / Lab B", new(2024, 10, 1)),
    ];

    private static readonly FrontierOptions Options = new()
    {
        Reference = "US",
        AsOf = new DateOnly(2025, 3, 1),
        Bootstrap = new BootstrapOptions { Rounds = 200, Seed = 3 },
    };

    /// <summary>Every pair meets <paramref name="games"/> times; the stronger wins three in four.</summary>
    internal static List<ArenaBattle> Battles(IReadOnlyList<string> byStrength, int games = 40)
    {
        var battles = new List<ArenaBattle>();
        for (var i = 0; i < byStrength.Count; i++)
        {
            for (var j = i + 1; j < byStrength.Count; j++)
            {
                for (var k = 0; k < games; k++)
                {
                    battles.Add(new ArenaBattle($"b{battles.Count}", byStrength[i], byStrength[j], k % 4 == 0 ? "model_a" : "model_b"));
                }
            }
        }

        return battles;
    }

    private static ScoreTable Table(ArenaLeaderboardResult board)
    {
        var table = new ScoreTable();
        FrontierSources.AddConfigModels(table, Models.Select(m => new ModelSpec(m.Id, "openai", "http://127.0.0.1/v1", m.Id, null, "local", m.Origin, null, m.Release, GenerationParameters.Default)));
        ArenaFrontier.AddRatings(table, board, "battles.jsonl");
        return table;
    }

    [Fact]
    public void Arena_ratings_are_a_benchmark_whose_lags_are_the_worked_example_to_the_day()
    {
        var board = ArenaLeaderboard.Compute(Battles([.. Models.Select(m => m.Id)]));
        var table = Table(board);
        Assert.All(table.Scores, s => Assert.Equal(ArenaFrontier.Benchmark, s.Benchmark));
        Assert.Equal(board.Rows.Single(r => r.Model == "us-c").Rating, table.Scores.Single(s => s.Model == "us-c").Score);

        var result = FrontierLagAnalysis.Compute(table, Options);
        var row = Assert.Single(result.Rows, r => r.Benchmark == ArenaFrontier.Benchmark);
        Assert.Equal("RU", row.Group);
        Assert.Equal(151, row.CurrentLagDays);
        Assert.Equal([91, 92], row.Records.Select(r => r.LagDays));
        Assert.Contains(result.Notes, n => n.Text.StartsWith("arena: Bradley–Terry ratings of 5 model(s) from 400 battles (battles.jsonl)", StringComparison.Ordinal));

        // The same ratings give the country view: the best RU model is 2nd of 5.
        var rank = Assert.Single(GroupRanking.Compute(table, FrontierGrouping.Country, Options.AsOf, []), r => r.Group == "RU");
        Assert.Equal(("ru-b", 2, 5), (rank.BestModel, rank.BestRank, rank.RankedModels));
    }

    [Fact]
    public void Preliminary_models_are_left_out_by_name_unless_asked_for()
    {
        var battles = Battles([.. Models.Select(m => m.Id)]);
        battles.Add(new ArenaBattle("late", "newcomer", "us-a", "model_a"));
        var board = ArenaLeaderboard.Compute(battles);
        Assert.True(board.Rows.Single(r => r.Model == "newcomer").Preliminary);

        var table = new ScoreTable();
        Assert.Equal(5, ArenaFrontier.AddRatings(table, board, "stored battles"));
        Assert.DoesNotContain(table.Scores, s => s.Model == "newcomer");
        Assert.Contains("arena: 1 preliminary model(s) (too few battles to rank on) were left out: newcomer", table.Notes.Select(n => n.Text));

        var all = new ScoreTable();
        Assert.Equal(6, ArenaFrontier.AddRatings(all, board, "stored battles", includePreliminary: true));
        Assert.Contains(all.Scores, s => s.Model == "newcomer");
    }
}
