using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Sampling;

namespace Arbiter.Statistics.Tests.Bootstrap;

public sealed class CategoricalBootstrapTests
{
    [Theory]
    [InlineData(20, 0.3)]
    [InlineData(5000, 0.5)]
    [InlineData(5000, 0.01)]
    [InlineData(1, 0.5)]
    [InlineData(1_000_000, 0.000003)]
    [InlineData(1_000_000, 0.99999)]
    public void Binomial_draws_have_the_binomial_mean_and_variance(int n, double p)
    {
        var random = new SeededRandom(11);
        const int draws = 20_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < draws; i++)
        {
            int x = CategoricalBootstrap.Binomial(n, p, random);
            Assert.InRange(x, 0, n);
            sum += x;
            sumSq += (double)x * x;
        }

        double mean = sum / draws, variance = (sumSq / draws) - (mean * mean);
        double expectedVar = n * p * (1 - p);
        Assert.InRange(mean, (n * p) - (5 * Math.Sqrt(expectedVar / draws)) - 1e-9, (n * p) + (5 * Math.Sqrt(expectedVar / draws)) + 1e-9);
        Assert.InRange(variance, expectedVar * 0.93, (expectedVar * 1.07) + 1e-9);
    }

    [Fact]
    public void Counts_bootstrap_matches_index_resampling_in_distribution()
    {
        // Paired differences of 0/1 scores: 300 × +1, 200 × −1, 1500 × 0.
        double[] data = [.. Enumerable.Repeat(1.0, 300), .. Enumerable.Repeat(-1.0, 200), .. Enumerable.Repeat(0.0, 1500)];
        var options = new BootstrapOptions { Rounds = 4000, Seed = 3 };
        var counts = CategoricalBootstrap.Mean(data, options);
        var indices = PercentileBootstrap.Mean(data, options);
        Assert.Equal(indices.PointEstimate, counts.PointEstimate, 12);
        Assert.Equal(indices.StandardError, counts.StandardError, 0.0006);
        Assert.Equal(indices.Interval.Lower, counts.Interval.Lower, 0.002);
        Assert.Equal(indices.Interval.Upper, counts.Interval.Upper, 0.002);
    }

    [Fact]
    public void Same_seed_same_replicates_at_any_parallelism()
    {
        double[] data = [.. Enumerable.Repeat(1.0, 40), .. Enumerable.Repeat(0.0, 60)];
        var a = CategoricalBootstrap.Mean(data, new BootstrapOptions { Rounds = 500, Seed = 9, MaxDegreeOfParallelism = 1 });
        var b = CategoricalBootstrap.Mean(data, new BootstrapOptions { Rounds = 500, Seed = 9, MaxDegreeOfParallelism = 4 });
        Assert.Equal(a.Replicates.ToArray(), b.Replicates.ToArray());
    }

    [Fact]
    public void Many_distinct_values_fall_back_to_index_resampling()
    {
        double[] data = [.. Enumerable.Range(0, 50).Select(i => i * 0.1)];
        var options = new BootstrapOptions { Rounds = 100, Seed = 4 };
        Assert.Equal(PercentileBootstrap.Mean(data, options).Replicates.ToArray(), CategoricalBootstrap.Mean(data, options).Replicates.ToArray());
    }

    [Fact]
    public void Constant_and_empty_data_are_degenerate_not_nan()
    {
        var constant = CategoricalBootstrap.Mean([1.0, 1.0, 1.0]);
        Assert.All(constant.Replicates.ToArray(), r => Assert.Equal(1.0, r));
        var empty = CategoricalBootstrap.Mean([]);
        Assert.Equal(0, empty.PointEstimate);
        Assert.False(double.IsNaN(empty.Interval.Lower));
    }
}
