using Arbiter.Statistics.Intervals;

namespace Arbiter.Statistics.Tests.Intervals;

public sealed class MeanEstimateTests
{
    [Fact]
    public void One_to_five_gives_the_textbook_t_interval()
    {
        MeanEstimate estimate = MeanEstimate.FromSamples([1, 2, 3, 4, 5]);

        Assert.Equal(3, estimate.Mean, 1e-15);
        Assert.Equal(Math.Sqrt(2.5), estimate.StandardDeviation, 1e-15);
        Assert.Equal(Math.Sqrt(0.5), estimate.StandardError, 1e-15);
        // t(0.975, 4) = 2.7764451051977987
        Assert.Equal(3 - (2.7764451051977987 * Math.Sqrt(0.5)), estimate.Interval.Lower, 1e-9);
        Assert.Equal(3 + (2.7764451051977987 * Math.Sqrt(0.5)), estimate.Interval.Upper, 1e-9);
    }

    [Fact]
    public void Empty_and_single_samples_are_defined_not_NaN()
    {
        MeanEstimate empty = MeanEstimate.FromSamples([]);
        MeanEstimate single = MeanEstimate.FromSamples([0.25]);

        Assert.True(empty.IsEmpty);
        Assert.Equal(new ConfidenceInterval(0, 0, 0.95), empty.Interval);
        Assert.Equal(0.25, single.Mean);
        Assert.Equal(0, single.StandardError);
        Assert.Equal(new ConfidenceInterval(0.25, 0.25, 0.95), single.Interval);
    }

    [Fact]
    public void Constant_values_give_a_zero_width_interval()
    {
        MeanEstimate estimate = MeanEstimate.FromSamples([2, 2, 2]);

        Assert.Equal(0, estimate.StandardDeviation);
        Assert.Equal(0, estimate.Interval.Width);
    }

    [Fact]
    public void Non_finite_values_are_rejected()
        => Assert.Throws<ArgumentException>(() => MeanEstimate.FromSamples([1, double.PositiveInfinity]));
}
