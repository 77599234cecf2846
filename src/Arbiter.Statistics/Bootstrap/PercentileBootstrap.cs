namespace Arbiter.Statistics.Bootstrap;

/// <summary>A statistic of a (resampled) sample of values.</summary>
public delegate double SampleStatistic(ReadOnlySpan<double> sample);

/// <summary>A statistic of a resample given as indices into the caller's own data (paired or structured data).</summary>
public delegate double IndexStatistic(ReadOnlySpan<int> indices);

/// <summary>
/// Seeded, parallel, deterministic percentile bootstrap for any statistic.
/// </summary>
/// <remarks>
/// Every round draws n indices uniformly with replacement. With n = 0 no rounds can be drawn: the
/// result then holds the statistic of the empty sample as point estimate, no replicates and the
/// interval [point, point]. Statistics are called concurrently and must be thread-safe (pure).
/// </remarks>
public static class PercentileBootstrap
{
    /// <summary>Bootstraps <paramref name="statistic"/> over resamples of <paramref name="values"/>.</summary>
    public static BootstrapResult Compute(ReadOnlySpan<double> values, SampleStatistic statistic, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        options ??= BootstrapOptions.Default;
        options.Validate();
        double point = statistic(values);
        int n = values.Length;
        if (n == 0)
        {
            return Degenerate(point, options);
        }

        double[] data = values.ToArray();
        double[] replicates = new double[options.Rounds];
        BootstrapRunner.Run(options.Rounds, options.Seed, options.MaxDegreeOfParallelism, () => new double[n], (round, random, buffer) =>
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = data[random.NextInt(n)];
            }

            replicates[round] = statistic(buffer);
        });
        return new BootstrapResult(point, replicates, options);
    }

    /// <summary>Bootstraps a statistic that reads the caller's data through resampled indices 0..count−1.</summary>
    public static BootstrapResult ComputeByIndex(int count, IndexStatistic statistic, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        options ??= BootstrapOptions.Default;
        options.Validate();
        int[] identity = new int[count];
        for (int i = 0; i < count; i++)
        {
            identity[i] = i;
        }

        double point = statistic(identity);
        if (count == 0)
        {
            return Degenerate(point, options);
        }

        double[] replicates = new double[options.Rounds];
        BootstrapRunner.Run(options.Rounds, options.Seed, options.MaxDegreeOfParallelism, () => new int[count], (round, random, buffer) =>
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = random.NextInt(count);
            }

            replicates[round] = statistic(buffer);
        });
        return new BootstrapResult(point, replicates, options);
    }

    /// <summary>Fast path for the mean: no resample buffer, one pass per round. Empty input gives 0.</summary>
    public static BootstrapResult Mean(ReadOnlySpan<double> values, BootstrapOptions? options = null)
    {
        options ??= BootstrapOptions.Default;
        options.Validate();
        int n = values.Length;
        if (n == 0)
        {
            return Degenerate(0, options);
        }

        double[] data = values.ToArray();
        double point = Intervals.Moments.Mean(data);
        double[] replicates = new double[options.Rounds];
        BootstrapRunner.Run(options.Rounds, options.Seed, options.MaxDegreeOfParallelism, static () => 0, (round, random, _) =>
        {
            double s0 = 0, s1 = 0;
            int i = 0;
            for (; i + 1 < n; i += 2)
            {
                s0 += data[random.NextInt(n)];
                s1 += data[random.NextInt(n)];
            }

            if (i < n)
            {
                s0 += data[random.NextInt(n)];
            }

            replicates[round] = (s0 + s1) / n;
        });
        return new BootstrapResult(point, replicates, options);
    }

    private static BootstrapResult Degenerate(double point, BootstrapOptions options) => new(point, [], options);
}
