using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Intervals;
using Arbiter.Statistics.Paired;
using MathNet.Numerics.Distributions;

namespace Arbiter.Statistics.Tests.Paired;

/// <summary>Repeated samples (epochs) of one item are one cluster: intervals and tests count items, not samples.</summary>
public sealed class EpochClusteringTests
{
    // Student's sleep data (Cushny and Peebles 1905; R's `sleep`): extra hours of sleep per patient under two drugs.
    private static readonly double[] Drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    private static readonly double[] Drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

    private static IEnumerable<ScoredSample> Epochs(IReadOnlyList<double> itemMeans, double spread) =>
        itemMeans.SelectMany((m, i) => new[] { new ScoredSample($"p{i:D2}", 0, m - spread), new ScoredSample($"p{i:D2}", 1, m + spread) });

    [Fact]
    public void Two_epochs_per_item_give_the_paired_t_test_of_the_item_means_matching_R_on_the_sleep_data()
    {
        // R: t.test(sleep$extra[11:20], sleep$extra[1:10], paired = TRUE)
        //    t = 4.0621, df = 9, p-value = 0.002833; 95 percent CI 0.7001142 2.4598858; mean difference 1.58
        PairedComparison result = PairedComparison.Compare(Epochs(Drug1, 0.5), Epochs(Drug2, 0.25));

        Assert.Equal(20, result.PairedCount);
        Assert.Equal(10, result.ItemCount);
        Assert.True(result.ClusteredByItem);
        Assert.Equal(PairedTestKind.PairedT, result.TestKind);
        Assert.Equal(1.58, result.MeanDifference, 1e-9);
        Assert.Equal(10, result.Difference.Count);
        Assert.Equal(4.0621, result.MeanDifference / result.Difference.StandardError, 1e-4);
        Assert.Equal(0.002833, result.PValue, 1e-6);
        Assert.Equal(0.7001142, result.Difference.Interval.Lower, 1e-6);
        Assert.Equal(2.4598858, result.Difference.Interval.Upper, 1e-6);
    }

    [Fact]
    public void Epochs_are_not_counted_as_independent_pairs_by_McNemar()
    {
        // 10 items × 5 epochs, every item answered the same way in every epoch: A alone right on 4 items, no item where B alone is right.
        // Counting epochs as pairs McNemar sees 20 vs 0 (p ≈ 2e-6); per item it is 4 vs 0.
        var a = new List<ScoredSample>();
        var b = new List<ScoredSample>();
        for (var i = 0; i < 10; i++)
        {
            for (var e = 0; e < 5; e++)
            {
                a.Add(new ScoredSample($"q{i}", e, i < 4 || i >= 7 ? 1 : 0));
                b.Add(new ScoredSample($"q{i}", e, i >= 7 ? 1 : 0));
            }
        }

        PairedComparison result = PairedComparison.Compare(a, b);

        Assert.Equal(50, result.PairedCount);
        Assert.Equal(10, result.ItemCount);
        Assert.Null(result.McNemar);
        Assert.Equal((4, 0, 6), (result.WinsA, result.WinsB, result.Ties));
        Assert.Equal(PairedTestKind.PairedT, result.TestKind);
        // Item differences: four −1, six 0 → mean −0.4, sd √(2.4/9), t with 9 df.
        double se = Math.Sqrt(2.4 / 9) / Math.Sqrt(10);
        double expected = 2 * StudentT.CDF(0, 1, 9, -0.4 / se);
        Assert.Equal(expected, result.PValue, 1e-12);
        Assert.InRange(result.PValue, 0.03, 0.04);
        Assert.Equal(McNemarTest.FromDiscordantCounts(20, 0).ExactPValue, 2 * Math.Pow(0.5, 20), 1e-15);
    }

    [Fact]
    public void One_epoch_keeps_McNemar_and_sample_level_numbers()
    {
        double[] a = [1, 0, 0, 0, 0, 0, 1, 1, 0, 0];
        double[] b = [0, 1, 1, 1, 1, 1, 1, 1, 0, 0];
        PairedComparison result = PairedComparison.Compare(
            a.Select((s, i) => new ScoredSample($"i{i}", 0, s)), b.Select((s, i) => new ScoredSample($"i{i}", 0, s)));

        Assert.False(result.ClusteredByItem);
        Assert.Equal(10, result.ItemCount);
        Assert.Equal(PairedTestKind.McNemarExact, result.TestKind);
        Assert.Equal(0.21875, result.PValue, 1e-12);
    }

    [Fact]
    public void The_clustered_bootstrap_resamples_items()
    {
        var options = new BootstrapOptions { Rounds = 200, Seed = 3, MaxDegreeOfParallelism = 1 };
        PairedComparison result = PairedComparison.Compare(Epochs(Drug1, 0.5), Epochs(Drug2, 0.25), options);
        double[] d = [.. Drug2.Zip(Drug1, (x, y) => x - y)];
        BootstrapResult direct = PercentileBootstrap.Mean(d, options);

        Assert.Equal(direct.Interval.Lower, result.Bootstrap.Interval.Lower, 1e-9);
        Assert.Equal(direct.Interval.Upper, result.Bootstrap.Interval.Upper, 1e-9);
    }

    [Fact]
    public void Item_means_give_a_Wilson_interval_over_items_not_samples()
    {
        // Item a right in both epochs, b in one, c in none: mean 0.5 over 3 items, not 3 of 6 samples.
        ScoredSample[] samples =
        [
            new("a", 0, 1), new("a", 1, 1), new("b", 0, 1), new("b", 1, 0), new("c", 0, 0), new("c", 1, 0),
        ];

        ItemScores items = ItemScores.From(samples);
        ProportionEstimate estimate = items.Estimate();

        Assert.Equal(["a", "b", "c"], items.ItemIds);
        Assert.Equal([1.0, 0.5, 0.0], items.Means);
        Assert.Equal(2, items.MaxEpochs);
        Assert.Equal(6, items.SampleCount);
        Assert.Equal(3, estimate.Count);
        Assert.Equal(0.5, estimate.Mean, 1e-15);
        // Wilson, p = 0.5, n = 3, z = 1.959964: centre 0.5, half-width 0.3746655 (computed by hand from the Wilson formula).
        Assert.Equal(0.1253345, estimate.Interval.Lower, 1e-7);
        Assert.Equal(0.8746655, estimate.Interval.Upper, 1e-7);
    }
}
