using Arbiter.Statistics.Arena;
using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Tests.Fixtures;

namespace Arbiter.Statistics.Tests.Arena;

/// <summary>Counted battles (<see cref="BattleSet.FromCounts"/>) against the same battles one by one (<see cref="BattleSet.From"/>).</summary>
public sealed class BattleSetTests
{
    [Fact]
    public void Counted_battles_give_the_set_of_the_battles_one_by_one()
    {
        List<Battle> battles = Fixture.ArenaHardBattles();
        // Invalid battles too, so the warnings are compared; the counts are taken in another order than the battles.
        battles.AddRange([new("x", "x", BattleOutcome.Tie), new("x", "x", BattleOutcome.AWins), new(battles[0].ModelA, "", BattleOutcome.AWins),
            new(battles[0].ModelA, battles[0].ModelB, (BattleOutcome)(-1))]);
        var (models, counts) = Count(battles);
        counts.Reverse();

        BattleSet single = BattleSet.From(battles), counted = BattleSet.FromCounts(models, counts);

        Assert.Equal(single.Models, counted.Models);
        Assert.Equal(single.Count, counted.Count);
        Assert.Equal(single.TotalWeight, counted.TotalWeight);
        Assert.Equal(single.Warnings, counted.Warnings);
        Assert.Equal(single.Wins, counted.Wins);
        Assert.Equal(single.Cells.Count, counted.Cells.Count);
        Assert.Equal(single.Cells.WinA, counted.Cells.WinA);
        Assert.Equal(single.Cells.A, counted.Cells.A);
        Assert.Equal(single.Cells.B, counted.Cells.B);
        Assert.Equal(single.Cells.Score, counted.Cells.Score);
        Assert.Equal(single.Cells.Count, counted.Cells.Count);
    }

    [Fact]
    public void Past_the_counting_grid_the_cells_are_the_same()
    {
        // 1,100 models: 1,100² × 3 slots is past the grid FromCounts lays out, so the cells come from the sorted dictionary.
        var battles = new List<Battle>();
        for (int i = 0; i < 1100; i++)
        {
            string a = $"m{i:D4}", b = $"m{(i * 7 + 3) % 1100:D4}";
            if (a == b) continue;
            battles.Add(new(a, b, (BattleOutcome)(i % 4)));
            battles.Add(new(b, a, (BattleOutcome)((i + 1) % 4)));
            battles.Add(new(a, b, (BattleOutcome)(i % 4)));
        }

        var (models, counts) = Count(battles);
        BattleSet single = BattleSet.From(battles), counted = BattleSet.FromCounts(models, counts);

        Assert.Equal(1100, counted.Models.Length);
        Assert.Equal(single.Cells.A, counted.Cells.A);
        Assert.Equal(single.Cells.B, counted.Cells.B);
        Assert.Equal(single.Cells.Score, counted.Cells.Score);
        Assert.Equal(single.Cells.Count, counted.Cells.Count);
        Assert.Equal(single.Wins, counted.Wins);
    }

    [Fact]
    public void Two_indices_naming_one_model_share_its_cells()
    {
        BattleSet counted = BattleSet.FromCounts(["a", "b", "a"],
            [new BattleCount(0, 1, BattleOutcome.AWins, 2), new BattleCount(2, 1, BattleOutcome.AWins, 3), new BattleCount(1, 2, BattleOutcome.Tie, 1)]);

        Assert.Equal(["a", "b"], counted.Models);
        Assert.Equal([0, 0], counted.Cells.A);
        Assert.Equal([0.5, 1.0], counted.Cells.Score);
        Assert.Equal([1, 5], counted.Cells.Count);
    }

    [Fact]
    public void Fit_bootstrap_and_sandwich_agree_on_counted_battles()
    {
        List<Battle> battles = Fixture.ArenaHardBattles();
        var (models, counts) = Count(battles);
        BattleSet single = BattleSet.From(battles), counted = BattleSet.FromCounts(models, counts);
        var options = new BootstrapOptions { Rounds = 50, Seed = 9 };

        BradleyTerryBootstrap a = BradleyTerry.Bootstrap(single, bootstrap: options), b = BradleyTerry.Bootstrap(counted, bootstrap: options);
        Assert.Equal(a.Fit.Ratings, b.Fit.Ratings);
        Assert.Equal(a.Samples, b.Samples);
        Assert.Equal(a.Intervals, b.Intervals);
        Assert.Equal(BradleyTerry.SandwichIntervals(a.Fit), BradleyTerry.SandwichIntervals(b.Fit));
        // The per-battle baseline lays the counted battles out one by one when asked.
        Assert.Equal(battles.Count, counted.IndexA.Length);
        Assert.Equal(
            BradleyTerry.Bootstrap(single, null, options, perBattle: true).Fit.Ratings,
            BradleyTerry.Bootstrap(counted, null, options, perBattle: true).Fit.Ratings);
    }

    [Fact]
    public void Sandwich_summed_per_cell_counts_each_battle_once()
    {
        // A cell of c battles adds c·r² to the meat, not (c·r)²: every battle twice halves the variance,
        // while every battle once at weight 2 (information ×2, meat ×4) leaves it as it was.
        List<Battle> battles = Fixture.ArenaHardBattles();
        double[] once = StandardErrors(battles);
        double[] twice = StandardErrors([.. battles, .. battles]);
        double[] weighted = StandardErrors([.. battles.Select(b => b with { Weight = 2 })]);
        for (int i = 0; i < once.Length; i++)
        {
            Assert.Equal(once[i] / Math.Sqrt(2), twice[i], 1e-9);
            Assert.Equal(once[i], weighted[i], 1e-9);
        }

        static double[] StandardErrors(List<Battle> b) => [.. BradleyTerry.SandwichIntervals(BradleyTerry.Fit(b)).Select(i => i.StandardError)];
    }

    [Fact]
    public void A_negative_count_or_an_unknown_index_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BattleSet.FromCounts(["a", "b"], [new BattleCount(0, 1, BattleOutcome.AWins, -1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BattleSet.FromCounts(["a", "b"], [new BattleCount(0, 2, BattleOutcome.AWins, 1)]));
    }

    private static (List<string> Models, List<BattleCount> Counts) Count(List<Battle> battles)
    {
        var models = battles.SelectMany(b => new[] { b.ModelA, b.ModelB }).Distinct().ToList();
        var counts = battles.GroupBy(b => (models.IndexOf(b.ModelA), models.IndexOf(b.ModelB), b.Outcome))
            .Select(g => new BattleCount(g.Key.Item1, g.Key.Item2, g.Key.Outcome, g.Count())).ToList();
        return (models, counts);
    }
}
