using Arbiter.Statistics.MultipleComparisons;
using Arbiter.Statistics.Paired;

namespace Arbiter.Statistics.Tests.MultipleComparisons;

public sealed class HolmBonferroniTests
{
    [Fact]
    public void Textbook_example_four_hypotheses()
    {
        // Sorted 0.005, 0.01, 0.03, 0.04 → 4·0.005, 3·0.01, 2·0.03, max(0.06, 1·0.04).
        Assert.Equal([0.03, 0.06, 0.06, 0.02], HolmBonferroni.Adjust([0.01, 0.04, 0.03, 0.005]), (x, y) => Math.Abs(x - y) < 1e-15);
    }

    [Fact]
    public void Matches_R_p_adjust_holm()
    {
        // p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm") = 0.05 0.08 0.09 0.09 0.09
        Assert.Equal([0.05, 0.08, 0.09, 0.09, 0.09], HolmBonferroni.Adjust([0.01, 0.02, 0.03, 0.04, 0.05]), (x, y) => Math.Abs(x - y) < 1e-15);
    }

    [Fact]
    public void Caps_at_one_and_handles_empty_input()
    {
        Assert.Equal([1.0, 1.0], HolmBonferroni.Adjust([0.6, 0.9]));
        Assert.Empty(HolmBonferroni.Adjust([]));
        Assert.Throws<ArgumentException>(() => HolmBonferroni.Adjust([double.NaN]));
    }

    [Fact]
    public void All_pairs_of_three_models_are_compared_and_adjusted()
    {
        static ModelSamples Model(string name, params double[] scores)
            => new(name, [.. scores.Select((s, i) => new ScoredSample($"q{i}", 0, s))]);

        ModelSamples[] models =
        [
            Model("weak", 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0),
            Model("mid", 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0),
            Model("strong", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        ];

        IReadOnlyList<PairwiseComparison> pairs = PairwiseComparisons.CompareAll(models);

        Assert.Equal([("weak", "mid"), ("weak", "strong"), ("mid", "strong")], pairs.Select(p => (p.ModelA, p.ModelB)));
        double[] expected = HolmBonferroni.Adjust([.. pairs.Select(p => p.Comparison.PValue)]);
        Assert.Equal(expected, pairs.Select(p => p.AdjustedPValue));
        // weak vs strong: b = 0, c = 10 → exact p = 2/1024; three tests, smallest → ×3.
        Assert.Equal(2.0 / 1024, pairs[1].Comparison.PValue, 1e-15);
        Assert.Equal(6.0 / 1024, pairs[1].AdjustedPValue, 1e-15);
        Assert.Empty(PairwiseComparisons.CompareAll([models[0]]));
    }
}
