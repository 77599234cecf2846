using Arbiter.Statistics.Intervals;

namespace Arbiter.Statistics.Tests.Intervals;

public sealed class ProportionEstimateTests
{
    [Fact]
    public void Seven_of_ten_gives_the_textbook_Wilson_interval()
    {
        ProportionEstimate estimate = ProportionEstimate.FromCounts(7, 10);

        Assert.Equal(0.7, estimate.Mean, 1e-15);
        Assert.Equal(Math.Sqrt(0.21 / 10), estimate.StandardError, 1e-15);
        Assert.Equal(0.39677814746114537, estimate.Interval.Lower, 1e-12);
        Assert.Equal(0.8922087325936989, estimate.Interval.Upper, 1e-12);
        Assert.Equal(0.95, estimate.Interval.Level);
    }

    [Fact]
    public void All_correct_and_all_wrong_give_one_sided_finite_intervals()
    {
        ProportionEstimate allCorrect = ProportionEstimate.FromCounts(20, 20);
        ProportionEstimate allWrong = ProportionEstimate.FromCounts(0, 5);

        Assert.Equal(1, allCorrect.Mean);
        Assert.Equal(0.8388748419471808, allCorrect.Interval.Lower, 1e-12);
        Assert.Equal(1, allCorrect.Interval.Upper);
        Assert.Equal(0, allWrong.Interval.Lower);
        Assert.Equal(0.43448246478317465, allWrong.Interval.Upper, 1e-12);
        Assert.Equal(0, allWrong.StandardError);
    }

    [Fact]
    public void No_samples_is_empty_with_mean_zero_and_interval_zero_to_one()
    {
        ProportionEstimate empty = ProportionEstimate.FromSamples(ReadOnlySpan<bool>.Empty);

        Assert.True(empty.IsEmpty);
        Assert.Equal(0, empty.Count);
        Assert.Equal(0, empty.Mean);
        Assert.Equal(new ConfidenceInterval(0, 1, 0.95), empty.Interval);
    }

    [Fact]
    public void Samples_of_bools_and_doubles_agree_with_counts()
    {
        bool[] outcomes = [true, false, true, true, false, true, true, false, true, true];
        double[] scores = [.. outcomes.Select(o => o ? 1.0 : 0.0)];

        Assert.Equal(ProportionEstimate.FromCounts(7, 10), ProportionEstimate.FromSamples(outcomes));
        Assert.Equal(ProportionEstimate.FromCounts(7, 10).Interval, ProportionEstimate.FromSamples(scores).Interval);
    }

    [Fact]
    public void Higher_confidence_widens_the_interval()
    {
        Assert.True(ProportionEstimate.FromCounts(7, 10, 0.99).Interval.Width > ProportionEstimate.FromCounts(7, 10, 0.9).Interval.Width);
    }

    [Fact]
    public void Invalid_inputs_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionEstimate.FromCounts(11, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionEstimate.FromCounts(1, 10, 1.0));
        Assert.Throws<ArgumentException>(() => ProportionEstimate.FromSamples([0.5, 1.5]));
        Assert.Throws<ArgumentException>(() => ProportionEstimate.FromSamples([double.NaN]));
    }
}
