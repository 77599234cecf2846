using MathNet.Numerics;

namespace Arbiter.Statistics.Bootstrap;

/// <summary>
/// Bootstrap of the mean for data that take only a few distinct values — above all the paired
/// differences of 0/1 scores (−1, 0, +1). Resampling n values with replacement gives category
/// counts distributed exactly as Multinomial(n, p), so each round draws the counts (as sequential
/// binomials) instead of n indices: O(√n) work per round instead of O(n), with the same
/// distribution of replicates. A report comparing 20 models on 5,000 items needs this.
/// </summary>
public static class CategoricalBootstrap
{
    /// <summary>Largest number of distinct values handled by counts; more falls back to index resampling.</summary>
    public const int MaxCategories = 8;

    /// <summary>Percentile bootstrap of the mean; identical in distribution to <see cref="PercentileBootstrap.Mean"/>.</summary>
    public static BootstrapResult Mean(ReadOnlySpan<double> values, BootstrapOptions? options = null)
    {
        options ??= BootstrapOptions.Default;
        options.Validate();
        var counts = new SortedDictionary<double, int>();
        foreach (double v in values)
        {
            counts[v] = counts.GetValueOrDefault(v) + 1;
            if (counts.Count > MaxCategories)
            {
                return PercentileBootstrap.Mean(values, options);
            }
        }

        int n = values.Length;
        if (n == 0)
        {
            return new BootstrapResult(0, [], options);
        }

        double[] levels = [.. counts.Keys];
        double[] probabilities = [.. counts.Values.Select(c => (double)c / n)];
        double point = 0;
        foreach (var (level, count) in counts)
        {
            point += level * count;
        }

        point /= n;
        double[] replicates = new double[options.Rounds];
        BootstrapRunner.Run(options.Rounds, options.Seed, options.MaxDegreeOfParallelism, static () => 0, (round, random, _) =>
        {
            int remaining = n;
            double massLeft = 1, sum = 0;
            for (int j = 0; j < levels.Length && remaining > 0; j++)
            {
                int count = j == levels.Length - 1
                    ? remaining
                    : Binomial(remaining, Math.Clamp(probabilities[j] / massLeft, 0, 1), random);
                sum += levels[j] * count;
                remaining -= count;
                massLeft -= probabilities[j];
            }

            replicates[round] = sum / n;
        });
        return new BootstrapResult(point, replicates, options);
    }

    /// <summary>
    /// An exact Binomial(n, p) draw by inversion, searching outward from the mode with the pmf
    /// recurrence: expected O(√(np(1−p))) steps, no tables.
    /// </summary>
    internal static int Binomial(int n, double p, Sampling.SeededRandom random)
    {
        if (n == 0 || p <= 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return n;
        }

        int mode = Math.Clamp((int)Math.Floor((n + 1) * p), 0, n);
        double pMode = Math.Exp(SpecialFunctions.GammaLn(n + 1) - SpecialFunctions.GammaLn(mode + 1) - SpecialFunctions.GammaLn(n - mode + 1)
            + (mode * Math.Log(p)) + ((n - mode) * Math.Log(1 - p)));
        double ratio = p / (1 - p);
        double u = random.NextDouble() - pMode;
        if (u < 0)
        {
            return mode;
        }

        int lo = mode, hi = mode;
        double pLo = pMode, pHi = pMode;
        while (lo > 0 || hi < n)
        {
            if (hi < n)
            {
                pHi *= (double)(n - hi) / (hi + 1) * ratio;
                hi++;
                u -= pHi;
                if (u < 0)
                {
                    return hi;
                }
            }

            if (lo > 0)
            {
                pLo *= lo / ((double)(n - lo + 1) * ratio);
                lo--;
                u -= pLo;
                if (u < 0)
                {
                    return lo;
                }
            }
        }

        return mode; // rounding left a sliver of probability unassigned: the mode is the likeliest value
    }
}
