using Arbiter.Statistics.Arena;
using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Tests.Fixtures;

namespace Arbiter.Statistics.Tests.Arena;

public sealed class BradleyTerryIntervalTests
{
    private const string Haiku = "claude-3-haiku-20240307";

    [Fact]
    public void Bootstrap_with_the_same_seed_is_identical_for_any_thread_count()
    {
        List<Battle> battles = Fixture.ArenaHardBattles();
        var one = new BootstrapOptions { Rounds = 100, Seed = 3, MaxDegreeOfParallelism = 1 };

        BradleyTerryBootstrap a = BradleyTerry.Bootstrap(battles, bootstrap: one);
        BradleyTerryBootstrap b = BradleyTerry.Bootstrap(battles, bootstrap: one with { MaxDegreeOfParallelism = 4 });
        BradleyTerryBootstrap c = BradleyTerry.Bootstrap(battles, bootstrap: one with { MaxDegreeOfParallelism = 2 });
        BradleyTerryBootstrap other = BradleyTerry.Bootstrap(battles, bootstrap: one with { Seed = 4 });

        Assert.Equal(a.Samples, b.Samples);
        Assert.Equal(a.Samples, c.Samples);
        Assert.Equal(a.Intervals, b.Intervals);
        Assert.NotEqual(a.Samples, other.Samples);
    }

    [Fact]
    public void Cell_count_bootstrap_matches_resampling_battle_indices_in_distribution()
    {
        // Same multinomial, drawn two ways: over aggregated cells (the implementation) and over battle indices (the textbook).
        BattleSet battles = BattleSet.From(Fixture.ArenaHardBattles());
        var options = new BootstrapOptions { Rounds = 2000, Seed = 5 };
        BradleyTerryBootstrap cells = BradleyTerry.Bootstrap(battles, null, options, perBattle: false);
        BradleyTerryBootstrap indices = BradleyTerry.Bootstrap(battles, null, options, perBattle: true);
        Assert.True(battles.Cells.Length < battles.Count / 10, $"{battles.Cells.Length} cells for {battles.Count} battles");
        for (int i = 0; i < battles.Models.Length; i++)
        {
            double se = indices.Intervals[i].StandardError;
            // With 2,000 rounds an SE is estimated to about ±1.6 % (1 sd); allow 8 %.
            Assert.Equal(se, cells.Intervals[i].StandardError, se * 0.08 + 1e-9);
            Assert.Equal(indices.SamplesOf(i).Average(), cells.SamplesOf(i).Average(), (4 * se / Math.Sqrt(2000)) + 1e-9);
        }
    }

    [Fact]
    public void Chord_steps_reach_the_same_maximum_as_full_Newton_on_a_resample()
    {
        BattleSet battles = BattleSet.From(Fixture.ArenaHardBattles());
        BradleyTerryFit point = BradleyTerry.Fit(battles);
        int n = battles.Models.Length;
        var solver = new BradleyTerrySolver(n);
        double[] factor = new double[n * n];
        Assert.True(solver.TryFactorInformation(battles.Wins, [.. point.Theta], factor));

        // A resample: the cell counts of one bootstrap round.
        BattleCells cells = battles.Cells;
        int[] drawn = new int[cells.Length];
        new Arbiter.Statistics.Sampling.MultinomialSampler(cells.Count).Draw(Arbiter.Statistics.Sampling.SeededRandom.ForStream(9, 0), drawn);
        double[] wins = new double[n * n];
        cells.AccumulateWins(wins, n, drawn);

        double[] chord = [.. point.Theta], newton = [.. point.Theta];
        SolveStatus viaChord = solver.SolveChord(wins, chord, factor, 30, BradleyTerryOptions.Default.Tolerance);
        SolveStatus viaNewton = new BradleyTerrySolver(n).Solve(wins, newton, 0, 100, BradleyTerryOptions.Default.Tolerance);
        Assert.True(viaChord.Converged && viaNewton.Converged);
        Assert.True(viaChord.Iterations >= 2, "a resample is not already at the maximum");
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(newton[i], chord[i], 1e-6);
        }
    }

    [Fact]
    public void Bootstrap_reports_the_point_estimate_inside_its_interval()
    {
        BradleyTerryBootstrap result = BradleyTerry.Bootstrap(Fixture.ArenaHardBattles());

        Assert.Equal(100, result.Rounds);
        Assert.Equal(0, result.NonConvergedRounds);
        for (int i = 0; i < result.Fit.Models.Length; i++)
        {
            RatingInterval interval = result.Intervals[i];
            Assert.Equal(result.Fit.Ratings[i], interval.Rating);
            Assert.InRange(interval.Rating, interval.Lower, interval.Upper);
            Assert.True(interval.Upper - interval.Lower > 1);
            Assert.True(interval.Upper - interval.Lower < 200);
        }
    }

    [Fact]
    public void Anchored_bootstrap_keeps_the_anchor_exactly_at_its_rating_in_every_round()
    {
        var options = new BradleyTerryOptions { AnchorModel = Haiku, AnchorRating = 1000 };
        BradleyTerryBootstrap result = BradleyTerry.Bootstrap(Fixture.ArenaHardBattles(), options);
        int anchor = result.Fit.Battles.IndexOf(Haiku);

        Assert.All(result.SamplesOf(anchor), r => Assert.Equal(1000, r));
        Assert.Equal(new RatingInterval(Haiku, 1000, 1000, 1000, 0), result.Intervals[anchor]);
    }

    [Fact]
    public void Sandwich_intervals_are_finite_symmetric_and_close_to_the_bootstrap_ones()
    {
        List<Battle> battles = Fixture.ArenaHardBattles();
        BradleyTerryFit fit = BradleyTerry.Fit(battles);
        IReadOnlyList<RatingInterval> sandwich = BradleyTerry.SandwichIntervals(fit);
        BradleyTerryBootstrap bootstrap = BradleyTerry.Bootstrap(battles, bootstrap: new BootstrapOptions { Rounds = 400 });

        for (int i = 0; i < fit.Models.Length; i++)
        {
            RatingInterval s = sandwich[i];
            Assert.True(s.StandardError > 0 && double.IsFinite(s.StandardError));
            Assert.Equal(s.Rating - s.Lower, s.Upper - s.Rating, 1e-9);
            Assert.Equal(1.959963984540054 * s.StandardError, s.Upper - s.Rating, 1e-9);
            // Two estimates of the same sampling variability: agree within 25 %.
            Assert.Equal(bootstrap.Intervals[i].StandardError, s.StandardError, s.StandardError * 0.25);
        }
    }

    [Fact]
    public void Sandwich_on_a_star_design_matches_the_closed_form_for_the_anchor_contrast()
    {
        // Only gpt-4o vs haiku battles: one contrast, Var(θ_g − θ_h) = Σ(y − p)² / (N p(1 − p))².
        List<Battle> battles = [.. Fixture.ArenaHardBattles().Where(b => b.ModelB == "gpt-4o")];
        BradleyTerryFit fit = BradleyTerry.Fit(battles, new BradleyTerryOptions { AnchorModel = Haiku });
        double p = 426.0 / 468;
        double meat = 0;
        foreach (Battle b in battles)
        {
            double y = b.Outcome switch { BattleOutcome.BWins => 1, BattleOutcome.AWins => 0, _ => 0.5 };
            meat += (y - p) * (y - p);
        }

        double bread = 468 * p * (1 - p);
        double expected = 400 / Math.Log(10) * Math.Sqrt(meat) / bread;

        Assert.Equal(expected, BradleyTerry.SandwichIntervals(fit)[fit.Battles.IndexOf("gpt-4o")].StandardError, 1e-6);
    }

    [Fact]
    public void Rank_ub_ignores_float_noise_at_an_anchor_but_not_a_real_gap()
    {
        // The anchor's interval is exactly [1000, 1000]; a rival's lower bound of 1000.0000000007 is rounding in the fit.
        Assert.Equal([1, 1], Leaderboard.RankByUpperBound([1000, 1000.0000000007], [1000, 1010]));
        // A gap of a thousandth of a point is real: the anchor ranks below.
        Assert.Equal([2, 1], Leaderboard.RankByUpperBound([1000, 1000.001], [1000, 1010]));
    }

    [Fact]
    public void Rank_by_upper_bound_on_a_constructed_example()
    {
        // A [1100,1200], B [1090,1150] overlap A → rank 1; C [1000,1080]: A and B are above → 3;
        // D [1070,1095]: only A's lower 1100 > 1095 → 2.
        int[] ranks = Leaderboard.RankByUpperBound([1100, 1090, 1000, 1070], [1200, 1150, 1080, 1095]);
        Assert.Equal([1, 1, 3, 2], ranks);

        IReadOnlyList<LeaderboardEntry> board = Leaderboard.Build(
        [
            new RatingInterval("C", 1040, 1000, 1080, 20),
            new RatingInterval("A", 1150, 1100, 1200, 25),
            new RatingInterval("D", 1080, 1070, 1095, 6),
            new RatingInterval("B", 1120, 1090, 1150, 15),
        ]);
        Assert.Equal(["A", "B", "D", "C"], board.Select(e => e.Model));
        Assert.Equal([1, 1, 2, 3], board.Select(e => e.Rank));
    }

    [Fact]
    public void Predicted_win_rate_against_a_baseline_with_bootstrap_interval()
    {
        BradleyTerryBootstrap result = BradleyTerry.Bootstrap(Fixture.ArenaHardBattles());
        IReadOnlyList<WinRateEstimate> scores = BaselineWinRates.Compute(result, Haiku);
        WinRateEstimate gpt = scores.Single(s => s.Model == "gpt-4o");

        // Star design: predicted = (wins + ties/2) / battles = 426 / 468.
        Assert.Equal(426.0 / 468, gpt.WinRate, 1e-6);
        Assert.InRange(gpt.WinRate, gpt.Lower, gpt.Upper);
        Assert.Equal(new WinRateEstimate(Haiku, 0.5, 0.5, 0.5), scores.Single(s => s.Model == Haiku));
        Assert.Throws<ArgumentException>(() => BaselineWinRates.Compute(result, "nobody"));
    }
}
