using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Sampling;

namespace Arbiter.Statistics.Tests.Bootstrap;

public sealed class PercentileBootstrapTests
{
    private static double[] Data(int n, ulong seed)
    {
        var random = new SeededRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = random.NextDouble() < 0.6 ? 1 : 0;
        }

        return values;
    }

    [Fact]
    public void Same_seed_gives_identical_results_for_any_thread_count()
    {
        double[] data = Data(500, 1);
        var sequential = new BootstrapOptions { Rounds = 400, Seed = 9, MaxDegreeOfParallelism = 1 };
        var parallel = sequential with { MaxDegreeOfParallelism = 4 };

        BootstrapResult a = PercentileBootstrap.Mean(data, sequential);
        BootstrapResult b = PercentileBootstrap.Mean(data, parallel);
        BootstrapResult c = PercentileBootstrap.Mean(data, parallel);

        Assert.Equal(a.Replicates, b.Replicates);
        Assert.Equal(a.Interval, b.Interval);
        Assert.Equal(b.Interval, c.Interval);
    }

    [Fact]
    public void Different_seeds_give_different_replicates()
    {
        double[] data = Data(500, 1);
        Assert.NotEqual(
            PercentileBootstrap.Mean(data, new BootstrapOptions { Rounds = 50, Seed = 1 }).Replicates,
            PercentileBootstrap.Mean(data, new BootstrapOptions { Rounds = 50, Seed = 2 }).Replicates);
    }

    [Fact]
    public void Generic_index_and_mean_paths_draw_the_same_resamples()
    {
        double[] data = Data(300, 3);
        var options = new BootstrapOptions { Rounds = 200, Seed = 5 };

        BootstrapResult fast = PercentileBootstrap.Mean(data, options);
        BootstrapResult generic = PercentileBootstrap.Compute(data, static sample =>
        {
            double sum = 0;
            foreach (double x in sample)
            {
                sum += x;
            }

            return sum / sample.Length;
        }, options);
        BootstrapResult byIndex = PercentileBootstrap.ComputeByIndex(data.Length, indices =>
        {
            double sum = 0;
            foreach (int i in indices)
            {
                sum += data[i];
            }

            return sum / indices.Length;
        }, options);

        for (int r = 0; r < 200; r++)
        {
            Assert.Equal(generic.Replicates[r], byIndex.Replicates[r], 1e-12);
            Assert.Equal(generic.Replicates[r], fast.Replicates[r], 1e-12);
        }
    }

    [Fact]
    public void Interval_contains_the_point_estimate_and_matches_the_normal_approximation()
    {
        double[] data = Data(2_000, 4);
        BootstrapResult result = PercentileBootstrap.Mean(data, new BootstrapOptions { Rounds = 2_000 });
        double mean = data.Average();
        double se = Math.Sqrt(mean * (1 - mean) / data.Length);

        Assert.Equal(mean, result.PointEstimate, 1e-12);
        Assert.True(result.Interval.Contains(mean));
        Assert.Equal(se, result.StandardError, se * 0.1);
        Assert.Equal(2 * 1.96 * se, result.Interval.Width, 2 * 1.96 * se * 0.1);
    }

    [Fact]
    public void Empty_data_gives_a_degenerate_interval_at_the_point()
    {
        BootstrapResult result = PercentileBootstrap.Mean([]);

        Assert.Equal(0, result.PointEstimate);
        Assert.Empty(result.Replicates);
        Assert.Equal(0, result.Interval.Width);
    }

    [Fact]
    public void Replicates_are_kept_in_round_order()
    {
        double[] data = Data(100, 6);
        var options = new BootstrapOptions { Rounds = 30 };
        BootstrapResult all = PercentileBootstrap.Mean(data, options);

        Assert.NotEqual([.. all.Replicates.Order()], all.Replicates.ToArray());
    }
}
