using Arbiter.Statistics.Arena;
using Arbiter.Statistics.Sampling;

namespace Arbiter.Statistics.Tests.Arena;

public sealed class StyleControlTests
{
    /// <summary>
    /// Four models of equal quality that differ only in verbosity; the outcome depends on the lengths
    /// alone (ties impossible: lengths differ by construction).
    /// </summary>
    private static List<StyledBattle> LengthDecides(int count, bool deterministic = true)
    {
        string[] models = ["terse", "short", "long", "verbose"];
        int[] typicalLength = [100, 200, 400, 800];
        var random = new SeededRandom(2024);
        var battles = new List<StyledBattle>(count);
        for (int t = 0; t < count; t++)
        {
            int a = random.NextInt(4);
            int b = (a + 1 + random.NextInt(3)) % 4;
            int lengthA = (int)(typicalLength[a] * (0.25 + (1.5 * random.NextDouble())));
            int lengthB = (int)(typicalLength[b] * (0.25 + (1.5 * random.NextDouble())));
            if (lengthA == lengthB)
            {
                lengthA++;
            }

            double[] features = StyleFeatures.Differences(new StyleCounts(lengthA, 0, 0, 0), new StyleCounts(lengthB, 0, 0, 0));
            // Deterministic: the longer answer always wins. Otherwise P(A wins) = σ(4·normalised length difference).
            bool aWins = deterministic ? lengthA > lengthB : random.NextDouble() < 1 / (1 + Math.Exp(-4 * features[0]));
            var outcome = aWins ? BattleOutcome.AWins : BattleOutcome.BWins;
            battles.Add(new StyledBattle(new Battle(models[a], models[b], outcome), features));
        }

        return battles;
    }

    [Fact]
    public void When_length_alone_decides_the_length_coefficient_is_large_and_controlled_ratings_are_near_equal()
    {
        List<StyledBattle> battles = LengthDecides(4000, deterministic: false);

        BradleyTerryFit raw = BradleyTerry.Fit(battles.Select(b => b.Battle));
        StyleControlFit controlled = StyleControl.Fit(battles);

        Assert.True(raw.RatingOf("verbose") - raw.RatingOf("terse") > 300);
        StyleCoefficient length = controlled.Coefficients[0];
        Assert.Equal("length", length.Name);
        Assert.True(length.Value > 1, $"length coefficient {length.Value}");
        Assert.True(controlled.Ratings.IsStyleControlled);
        Assert.True(controlled.Ratings.Converged);
        double spread = controlled.Ratings.Ratings.Max() - controlled.Ratings.Ratings.Min();
        Assert.True(spread < 40, $"controlled spread {spread} raw {string.Join(",", raw.Ratings)} ctl {string.Join(",", controlled.Ratings.Ratings)} beta {length.Value}");
        // The three markdown features never vary: reported, coefficient 0.
        Assert.All(controlled.Coefficients.Skip(1), c => Assert.Equal(0, c.Value));
        Assert.Equal(3, controlled.Ratings.Warnings.Count(w => w.Contains("constant", StringComparison.Ordinal)));
    }

    [Fact]
    public void When_the_longer_answer_always_wins_the_coefficient_explodes_but_stays_finite_and_ratings_shrink()
    {
        List<StyledBattle> battles = LengthDecides(4000);

        BradleyTerryFit raw = BradleyTerry.Fit(battles.Select(b => b.Battle));
        StyleControlFit controlled = StyleControl.Fit(battles);

        // Perfect separation: only the L2 penalty (λ = 1) keeps β finite, and θ soaks up a little of it.
        Assert.True(controlled.Ratings.Converged);
        Assert.True(controlled.Coefficients[0].Value > 5 && double.IsFinite(controlled.Coefficients[0].Value));
        double rawSpread = raw.Ratings.Max() - raw.Ratings.Min();
        double controlledSpread = controlled.Ratings.Ratings.Max() - controlled.Ratings.Ratings.Min();
        Assert.True(controlledSpread < 0.15 * rawSpread, $"{controlledSpread} vs {rawSpread}");
    }

    [Fact]
    public void Without_style_effects_the_controlled_fit_matches_plain_Bradley_Terry()
    {
        // Features are pure noise, independent of the outcome: ratings barely move.
        var random = new SeededRandom(5);
        List<StyledBattle> battles = [.. BradleyTerryReferenceTests.WikipediaBattles()
            .SelectMany(b => Enumerable.Repeat(b, 20))
            .Select(b => new StyledBattle(b, [random.NextDouble() - 0.5]))];

        StyleControlFit controlled = StyleControl.Fit(battles, new StyleControlOptions { FeatureNames = ["noise"] });
        BradleyTerryFit plain = BradleyTerry.Fit(battles.Select(b => b.Battle));

        Assert.Equal("noise", controlled.Coefficients[0].Name);
        Assert.True(Math.Abs(controlled.Coefficients[0].Value) < 0.2);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(plain.Ratings[i], controlled.Ratings.Ratings[i], 10.0);
        }
    }

    [Fact]
    public void Normalised_difference_helper()
    {
        Assert.Equal(0, StyleFeatures.NormalizedDifference(0, 0));
        Assert.Equal(0.75, StyleFeatures.NormalizedDifference(3, 0));
        Assert.Equal([100.0 / 301, 0, -1.0 / 4, 0], StyleFeatures.Differences(new StyleCounts(200, 1, 1, 0), new StyleCounts(100, 1, 2, 0)));
    }

    [Fact]
    public void Sandwich_refuses_style_controlled_fits()
        => Assert.Throws<ArgumentException>(() => BradleyTerry.SandwichIntervals(StyleControl.Fit(LengthDecides(50)).Ratings));

    [Fact]
    public void Weighted_bootstrap_matches_refitting_materialised_resamples_in_distribution()
    {
        List<StyledBattle> battles = LengthDecides(1500, deterministic: false);
        var options = new Arbiter.Statistics.Bootstrap.BootstrapOptions { Rounds = 400, Seed = 8 };
        var (fit, intervals) = StyleControl.Bootstrap(battles, null, options);

        // The textbook version: copy N battles drawn with replacement, refit from scratch.
        int n = fit.Ratings.Models.Length;
        var replicates = Enumerable.Range(0, n).Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < options.Rounds; r++)
        {
            var random = SeededRandom.ForStream(99, r);
            var resample = Enumerable.Range(0, battles.Count).Select(_ => battles[random.NextInt(battles.Count)]).ToList();
            BradleyTerryFit round = StyleControl.Fit(resample).Ratings;
            for (int i = 0; i < n; i++) replicates[i].Add(round.Ratings[round.Battles.IndexOf(fit.Ratings.Models[i])]);
        }

        for (int i = 0; i < n; i++)
        {
            Assert.Equal(fit.Ratings.Ratings[i], intervals[i].Rating);
            double mean = replicates[i].Average();
            double se = Math.Sqrt(replicates[i].Sum(x => (x - mean) * (x - mean)) / (replicates[i].Count - 1));
            // 400 rounds estimate an SE to about ±3.5 % (1 sd) each way; allow 15 %.
            Assert.Equal(se, intervals[i].StandardError, se * 0.15);
        }

        var serial = StyleControl.Bootstrap(battles, null, options with { MaxDegreeOfParallelism = 1 });
        Assert.Equal(intervals, serial.Intervals);
    }
}
