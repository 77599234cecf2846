using System.Text.Json;
using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Tests.Fixtures;

namespace Arbiter.Statistics.Tests.Bootstrap;

public sealed class QuantilesTests
{
    [Theory]
    [InlineData(0.25, 1.75)]
    [InlineData(0.5, 2.5)]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 4.0)]
    [InlineData(0.9, 3.7)]
    public void Matches_numpy_linear_percentiles(double q, double expected)
        => Assert.Equal(expected, Quantiles.Linear([4, 1, 3, 2], q), 1e-12);

    [Fact]
    public void Does_not_modify_the_input_and_handles_tiny_inputs()
    {
        double[] values = [10, 7, 4, 3, 2, 1];
        Assert.Equal(3.5, Quantiles.Linear(values, 0.5), 1e-15);
        Assert.Equal([10, 7, 4, 3, 2, 1], values);
        Assert.Equal(5, Quantiles.Linear([5], 0.975));
        Assert.Equal(0, Quantiles.Linear([], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantiles.Linear([1, 2], 1.5));
    }

    [Fact]
    public void Reproduces_the_published_bootstrap_bounds_of_all_20_models_to_1e9()
    {
        int rows = 0;
        foreach (JsonElement row in Fixture.ReadJsonLines("bootstrap_stats_20k_votes.jsonl"))
        {
            double[] results = [.. row.GetProperty("results").EnumerateArray().Select(e => e.GetDouble())];
            Assert.Equal(100, results.Length);
            Assert.Equal(row.GetProperty("lower").GetDouble(), Quantiles.Linear(results, 0.025), 1e-9);
            Assert.Equal(row.GetProperty("upper").GetDouble(), Quantiles.Linear(results, 0.975), 1e-9);
            rows++;
        }

        Assert.Equal(20, rows);
    }
}
