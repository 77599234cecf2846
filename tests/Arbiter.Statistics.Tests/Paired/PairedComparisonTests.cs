using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Paired;

namespace Arbiter.Statistics.Tests.Paired;

public sealed class PairedComparisonTests
{
    private static IEnumerable<ScoredSample> Run(params double[] scores)
        => scores.Select((s, i) => new ScoredSample($"item-{i}", 0, s));

    [Theory]
    [InlineData(1, 5, 0.21875, 0.125)]
    [InlineData(5, 1, 0.21875, 0.125)]
    [InlineData(0, 6, 0.03125, 0.015625)]
    [InlineData(3, 3, 1, 1)]
    [InlineData(2, 10, 0.03857421875, 0.0224609375)]
    [InlineData(10, 25, 0.01667384780012071, 0.011330984183587134)]
    [InlineData(0, 0, 1, 1)]
    public void McNemar_exact_and_mid_p_match_hand_computed_binomial_tails(int b, int c, double exact, double mid)
    {
        McNemarTest test = McNemarTest.FromDiscordantCounts(b, c);

        Assert.Equal(exact, test.ExactPValue, 1e-12);
        Assert.Equal(mid, test.MidPValue, 1e-12);
    }

    [Fact]
    public void Binary_runs_report_counts_means_and_McNemar()
    {
        // A right / B wrong once; A wrong / B right five times; 4 concordant pairs.
        double[] a = [1, 0, 0, 0, 0, 0, 1, 1, 0, 0];
        double[] b = [0, 1, 1, 1, 1, 1, 1, 1, 0, 0];

        PairedComparison result = PairedComparison.Compare(Run(a), Run(b));

        Assert.Equal(10, result.PairedCount);
        Assert.Equal(0.3, result.MeanA, 1e-15);
        Assert.Equal(0.7, result.MeanB, 1e-15);
        Assert.Equal(0.4, result.MeanDifference, 1e-15);
        Assert.Equal((1, 5, 4), (result.WinsA, result.WinsB, result.Ties));
        Assert.True(result.IsBinary);
        Assert.Equal(PairedTestKind.McNemarExact, result.TestKind);
        Assert.Equal(0.21875, result.PValue, 1e-12);
        Assert.Equal(0.125, result.McNemar!.MidPValue, 1e-12);
        Assert.True(result.Bootstrap.Interval.Contains(0.4));
        Assert.True(result.Difference.Interval.Contains(0.4));
    }

    [Fact]
    public void Continuous_runs_use_the_paired_t_interval_and_test()
    {
        PairedComparison result = PairedComparison.Compare(Run(0.2, 0.5, 0.9, 0.4), Run(0.3, 0.7, 0.8, 0.9));

        Assert.False(result.IsBinary);
        Assert.Null(result.McNemar);
        Assert.Equal(0.175, result.MeanDifference, 1e-15);
        Assert.Equal(0.25, result.Difference.StandardDeviation, 1e-15);
        Assert.Equal(-0.22280578816053287, result.Difference.Interval.Lower, 1e-9);
        Assert.Equal(0.5728057881605328, result.Difference.Interval.Upper, 1e-9);
        Assert.Equal(PairedTestKind.PairedT, result.TestKind);
        Assert.Equal(0.25600732874811394, result.PValue, 1e-9);
        Assert.Equal((1, 3, 0), (result.WinsA, result.WinsB, result.Ties));
    }

    [Fact]
    public void Alignment_is_by_item_and_epoch_and_reports_unmatched_and_duplicate_keys()
    {
        ScoredSample[] a =
        [
            new("q1", 0, 1), new("q1", 1, 0), new("q2", 0, 1), new("q3", 0, 0), new("q3", 0, 1),
        ];
        ScoredSample[] b =
        [
            new("q2", 0, 0), new("q1", 1, 1), new("q1", 0, 1), new("q4", 0, 1),
        ];

        PairedComparison result = PairedComparison.Compare(a, b);

        Assert.Equal(3, result.PairedCount);
        Assert.Equal([new SampleKey("q1", 0), new SampleKey("q1", 1), new SampleKey("q2", 0)], result.Alignment.Keys);
        Assert.Equal([new SampleKey("q3", 0)], result.Alignment.OnlyInA);
        Assert.Equal([new SampleKey("q4", 0)], result.Alignment.OnlyInB);
        Assert.Equal([new SampleKey("q3", 0)], result.Alignment.DuplicatesInA);
        Assert.Empty(result.Alignment.DuplicatesInB);
        // Won/lost/tied count items: q1's two epochs average to A 0.5, B 1 (B wins); q2 A wins.
        Assert.Equal(2, result.ItemCount);
        Assert.Equal((1, 1, 0), (result.WinsA, result.WinsB, result.Ties));
    }

    [Fact]
    public void Input_order_does_not_change_the_seeded_result()
    {
        ScoredSample[] a = [.. Run(1, 0, 1, 1, 0, 1, 0, 0, 1, 1)];
        ScoredSample[] b = [.. Run(0, 0, 1, 1, 1, 1, 1, 0, 1, 0)];

        PairedComparison forward = PairedComparison.Compare(a, b);
        PairedComparison reversed = PairedComparison.Compare(a.Reverse(), b.Reverse());

        Assert.Equal(forward.Bootstrap.Replicates, reversed.Bootstrap.Replicates);
    }

    [Fact]
    public void No_overlap_gives_defined_zeros_and_p_one()
    {
        PairedComparison result = PairedComparison.Compare([new ScoredSample("x", 0, 1)], [new ScoredSample("y", 0, 1)]);

        Assert.Equal(0, result.PairedCount);
        Assert.Equal(0, result.MeanDifference);
        Assert.Equal(1, result.PValue);
        Assert.Equal(PairedTestKind.None, result.TestKind);
        Assert.Single(result.Alignment.OnlyInA);
        Assert.Single(result.Alignment.OnlyInB);
    }

    [Fact]
    public void Bootstrap_is_deterministic_across_thread_counts()
    {
        double[] a = [.. Enumerable.Range(0, 200).Select(i => (i * 7 % 10) / 10.0)];
        double[] b = [.. Enumerable.Range(0, 200).Select(i => (i * 3 % 10) / 10.0)];
        var one = new BootstrapOptions { Rounds = 300, Seed = 11, MaxDegreeOfParallelism = 1 };

        PairedComparison x = PairedComparison.Compare(Run(a), Run(b), one);
        PairedComparison y = PairedComparison.Compare(Run(a), Run(b), one with { MaxDegreeOfParallelism = 3 });

        Assert.Equal(x.Bootstrap.Interval, y.Bootstrap.Interval);
    }
}
