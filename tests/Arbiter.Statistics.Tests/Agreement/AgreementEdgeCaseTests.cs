using Arbiter.Statistics.Agreement;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Statistics.Tests.Agreement;

public sealed class AgreementEdgeCaseTests
{
    private const int M = RatingMatrix.Missing;

    [Fact]
    public void Two_labellers_give_the_same_fleiss_and_alpha_up_to_the_small_sample_correction()
    {
        // Krippendorff (2011): with two coders and no missing data α differs from Scott's π (Fleiss' κ
        // with two raters) only by the small-sample factor (n−1)/n on the disagreement, n = pairable values.
        var data = new RatingMatrix([[0, 0], [0, 1], [1, 1], [2, 2], [2, 1], [0, 0]], 2, 3);
        int[] all = [.. Enumerable.Range(0, data.ItemCount)];
        double pi = FleissKappa.Compute(data, all);
        double alpha = KrippendorffAlpha.Nominal(data, all);
        double n = 2.0 * data.ItemCount;
        Assert.Equal(1 - ((n - 1) / n * (1 - pi)), alpha, 12);
    }

    [Fact]
    public void Items_with_one_label_are_left_out_and_missing_cells_are_skipped()
    {
        var full = new RatingMatrix([[0, 0, 1], [1, 1, 1], [2, 2, 0]], 3, 3);
        var padded = new RatingMatrix([[0, 0, 1], [1, 1, 1], [2, 2, 0], [M, 2, M], [M, M, M]], 3, 3);
        Assert.Equal(
            FleissKappa.Compute(full, [0, 1, 2]),
            FleissKappa.Compute(padded, [0, 1, 2, 3, 4]), 12);
        Assert.Equal(
            KrippendorffAlpha.Nominal(full, [0, 1, 2]),
            KrippendorffAlpha.Nominal(padded, [0, 1, 2, 3, 4]), 12);
        Assert.Equal(
            CohenKappa.Compute(full, 0, 2, [0, 1, 2]),
            CohenKappa.Compute(padded, 0, 2, [0, 1, 2, 3, 4]), 12);
    }

    [Fact]
    public void One_category_only_is_undefined_not_perfect()
    {
        var data = new RatingMatrix([[1, 1], [1, 1], [1, 1]], 2, 3);
        int[] all = [0, 1, 2];
        Assert.True(double.IsNaN(CohenKappa.Compute(data, 0, 1, all)));
        Assert.True(double.IsNaN(FleissKappa.Compute(data, all)));
        Assert.True(double.IsNaN(KrippendorffAlpha.Nominal(data, all)));
        var analysis = new AgreementAnalysis(data, new BootstrapOptions { Rounds = 50 });
        Assert.False(analysis.Overall.Fleiss.IsDefined);
        Assert.Null(analysis.Overall.Fleiss.Interval);
    }

    [Fact]
    public void Perfect_agreement_is_one_and_its_undefined_resamples_are_counted()
    {
        var data = new RatingMatrix([[0, 0, 0], [1, 1, 1], [2, 2, 2], [0, 0, 0]], 3, 3);
        var analysis = new AgreementAnalysis(data, new BootstrapOptions { Rounds = 400, Seed = 3 });
        Assert.Null(analysis.Overall.Cohen); // three labellers: no Cohen
        Assert.Equal(1.0, analysis.Overall.Fleiss.Value, 12);
        Assert.Equal(1.0, analysis.Overall.Krippendorff.Value, 12);
        // Some resamples draw one category only (e.g. four copies of item 0): dropped and counted.
        Assert.InRange(analysis.Overall.Fleiss.UndefinedRounds, 1, 399);
        Assert.Equal(new(1, 1, 0.95), analysis.Overall.Fleiss.Interval!.Value);
        Assert.Equal(4, analysis.PairableItems);
    }

    [Fact]
    public void Bad_cells_are_rejected_with_the_item_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RatingMatrix([[0, 0], [0, 5]], 2, 3));
        Assert.Contains("Item 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RatingMatrix([[0, 0, 0]], 2, 3));
    }
}
