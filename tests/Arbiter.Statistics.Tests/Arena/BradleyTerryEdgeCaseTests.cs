using Arbiter.Statistics.Arena;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Statistics.Tests.Arena;

public sealed class BradleyTerryEdgeCaseTests
{
    private static IEnumerable<Battle> Repeat(string a, string b, BattleOutcome outcome, int times)
        => Enumerable.Repeat(new Battle(a, b, outcome), times);

    private static void AssertFinite(BradleyTerryFit fit)
    {
        Assert.All(fit.Ratings, r => Assert.True(double.IsFinite(r)));
        Assert.All(fit.Theta, t => Assert.True(double.IsFinite(t)));
        Assert.True(fit.Converged);
    }

    [Fact]
    public void Disconnected_graph_gives_finite_ratings_and_a_warning_naming_the_components()
    {
        Battle[] battles =
        [
            .. Repeat("a", "b", BattleOutcome.AWins, 3), .. Repeat("a", "b", BattleOutcome.BWins, 1),
            .. Repeat("c", "d", BattleOutcome.AWins, 2), .. Repeat("c", "d", BattleOutcome.BWins, 2),
        ];

        BradleyTerryFit fit = BradleyTerry.Fit(battles);

        AssertFinite(fit);
        Assert.True(fit.RidgeApplied);
        Assert.Contains(fit.Warnings, w => w.Contains("disconnected", StringComparison.Ordinal) && w.Contains("{a, b}", StringComparison.Ordinal) && w.Contains("{c, d}", StringComparison.Ordinal));
        // Within a component the tiny ridge leaves the MLE gap 400·log10(3) essentially unchanged.
        Assert.Equal(400 * Math.Log10(3), fit.RatingOf("a") - fit.RatingOf("b"), 0.1);
        Assert.Equal(fit.RatingOf("c"), fit.RatingOf("d"), 1e-9);
    }

    [Fact]
    public void A_model_with_only_wins_is_finite_and_named_in_a_warning()
    {
        Battle[] battles =
        [
            .. Repeat("champ", "x", BattleOutcome.AWins, 5), .. Repeat("y", "champ", BattleOutcome.BWins, 4),
            .. Repeat("x", "y", BattleOutcome.AWins, 3), .. Repeat("x", "y", BattleOutcome.BWins, 2),
        ];

        BradleyTerryFit fit = BradleyTerry.Fit(battles);
        IReadOnlyList<RatingInterval> sandwich = BradleyTerry.SandwichIntervals(fit);
        BradleyTerryBootstrap bootstrap = BradleyTerry.Bootstrap(battles);

        AssertFinite(fit);
        Assert.Contains(fit.Warnings, w => w.Contains("'champ' has only wins", StringComparison.Ordinal));
        Assert.True(fit.RatingOf("champ") > fit.RatingOf("x") + 400);
        Assert.All(sandwich, s => Assert.True(double.IsFinite(s.Lower) && double.IsFinite(s.Upper)));
        Assert.All(bootstrap.Samples, s => Assert.True(double.IsFinite(s)));
        Assert.Equal(bootstrap.Rounds, bootstrap.RidgeRounds);
    }

    [Fact]
    public void A_model_with_only_losses_is_named_too()
    {
        BradleyTerryFit fit = BradleyTerry.Fit([.. Repeat("a", "loser", BattleOutcome.AWins, 3), .. Repeat("a", "b", BattleOutcome.Tie, 2)]);

        AssertFinite(fit);
        Assert.Contains(fit.Warnings, w => w.Contains("'loser' has only losses", StringComparison.Ordinal));
    }

    [Fact]
    public void Group_that_never_loses_to_another_group_is_reported()
    {
        // {a, b} and {c, d} each balanced inside, but a and b beat c and d every time.
        Battle[] battles =
        [
            new("a", "b", BattleOutcome.AWins), new("a", "b", BattleOutcome.BWins),
            new("c", "d", BattleOutcome.AWins), new("c", "d", BattleOutcome.BWins),
            new("a", "c", BattleOutcome.AWins), new("d", "b", BattleOutcome.BWins),
        ];

        BradleyTerryFit fit = BradleyTerry.Fit(battles);

        AssertFinite(fit);
        Assert.Contains(fit.Warnings, w => w.Contains("{a, b}; {c, d}", StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_and_single_pair_inputs_are_defined()
    {
        BradleyTerryFit empty = BradleyTerry.Fit([]);
        Assert.Empty(empty.Models);
        Assert.True(empty.Converged);

        BradleyTerryFit ties = BradleyTerry.Fit(Repeat("a", "b", BattleOutcome.TieBothBad, 4));
        Assert.Equal([1000.0, 1000.0], ties.Ratings);
        Assert.Empty(ties.Warnings);

        BradleyTerryBootstrap none = BradleyTerry.Bootstrap([]);
        Assert.Empty(none.Intervals);
    }

    [Fact]
    public void Invalid_battles_are_skipped_with_warnings_not_exceptions()
    {
        Battle[] battles =
        [
            new("a", "b", BattleOutcome.AWins), new("b", "a", BattleOutcome.AWins),
            new("a", "a", BattleOutcome.AWins), new("a", "b", BattleOutcome.AWins, 0), new("", "b", BattleOutcome.AWins),
        ];

        BradleyTerryFit fit = BradleyTerry.Fit(battles);

        Assert.Equal(2, fit.Battles.Count);
        Assert.Equal(3, fit.Warnings.Count);
    }

    [Fact]
    public void Weights_count_as_repeated_battles_and_ties_as_half_wins()
    {
        BradleyTerryFit weighted = BradleyTerry.Fit([new Battle("a", "b", BattleOutcome.AWins, 3), new Battle("a", "b", BattleOutcome.BWins)]);
        BradleyTerryFit tied = BradleyTerry.Fit([.. Repeat("a", "b", BattleOutcome.AWins, 2), .. Repeat("a", "b", BattleOutcome.Tie, 2)]);

        Assert.Equal(400 * Math.Log10(3), weighted.RatingOf("a") - weighted.RatingOf("b"), 1e-6);
        Assert.Equal(400 * Math.Log10(3), tied.RatingOf("a") - tied.RatingOf("b"), 1e-6);
    }

    [Fact]
    public void Unknown_anchor_falls_back_to_mean_1000_with_a_warning()
    {
        BradleyTerryFit fit = BradleyTerry.Fit(BradleyTerryReferenceTests.WikipediaBattles(), new BradleyTerryOptions { AnchorModel = "Z" });

        Assert.Equal(1000, fit.Ratings.Average(), 1e-9);
        Assert.Contains(fit.Warnings, w => w.Contains("'Z'", StringComparison.Ordinal));
    }

    [Fact]
    public void Observed_and_count_matrices()
    {
        BattleSet set = BattleSet.From(BradleyTerryReferenceTests.WikipediaBattles());
        ModelMatrix observed = ArenaMatrices.ObservedWinRates(set);
        ModelMatrix counts = ArenaMatrices.BattleCounts(set);

        Assert.Equal(0.4, observed["A", "B"], 1e-15);
        Assert.Equal(0.6, observed["B", "A"], 1e-15);
        Assert.Equal(0.5, observed["A", "C"]);
        Assert.Equal(0, counts["A", "C"]);
        Assert.Equal(8, counts["C", "B"]);
        Assert.Equal(0.5, ArenaMatrices.WinProbability(1000, 1000));
        Assert.Equal(10.0 / 11, ArenaMatrices.WinProbability(1400, 1000), 1e-15);
    }

    [Fact]
    public void Bootstrap_of_a_small_sparse_data_set_stays_finite_and_deterministic()
    {
        var options = new BootstrapOptions { Rounds = 200, Seed = 1 };
        BradleyTerryBootstrap a = BradleyTerry.Bootstrap(BradleyTerryReferenceTests.WikipediaBattles(), bootstrap: options);
        BradleyTerryBootstrap b = BradleyTerry.Bootstrap(BradleyTerryReferenceTests.WikipediaBattles(), bootstrap: options with { MaxDegreeOfParallelism = 1 });

        Assert.All(a.Samples, s => Assert.True(double.IsFinite(s)));
        Assert.Equal(a.Samples, b.Samples);
        Assert.True(a.RidgeRounds > 0);
        Assert.Contains(a.Warnings, w => w.Contains("ridge prior was needed", StringComparison.Ordinal));
    }

    [Fact]
    public void Non_convergence_is_reported_and_warnings_are_culture_invariant()
    {
        System.Globalization.CultureInfo previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("ru-RU");
        try
        {
            BradleyTerryFit fit = BradleyTerry.Fit(BradleyTerryReferenceTests.WikipediaBattles(), new BradleyTerryOptions { MaxIterations = 0 });

            Assert.False(fit.Converged);
            string warning = Assert.Single(fit.Warnings);
            Assert.Matches(@"gradient norm \d+(\.\d+)?\)", warning);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
