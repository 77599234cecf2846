using System.Collections.Immutable;
using Arbiter.Statistics.Intervals;

namespace Arbiter.Statistics.Bootstrap;

/// <summary>A percentile-bootstrap result. Immutable; replicates are kept in round order.</summary>
public sealed record BootstrapResult
{
    internal BootstrapResult(double pointEstimate, double[] replicates, BootstrapOptions options)
    {
        PointEstimate = pointEstimate;
        Seed = options.Seed;
        Replicates = ImmutableArray.Create(replicates);
        // Sorting the private array after the copy above keeps Replicates in round order.
        Array.Sort(replicates);
        // No replicates (empty data): the interval degenerates to the point estimate rather than NaN.
        Interval = replicates.Length == 0
            ? new ConfidenceInterval(pointEstimate, pointEstimate, options.ConfidenceLevel)
            : new ConfidenceInterval(
                Quantiles.LinearSorted(replicates, options.LowerQuantile),
                Quantiles.LinearSorted(replicates, options.UpperQuantile),
                options.ConfidenceLevel);
        double mean = Moments.Mean(replicates);
        StandardError = replicates.Length > 1
            ? Math.Sqrt(Moments.SumOfSquaredDeviations(replicates, mean) / (replicates.Length - 1))
            : 0;
    }

    /// <summary>The statistic on the original (not resampled) data.</summary>
    public double PointEstimate { get; }

    /// <summary>Percentile interval: linear-interpolation quantiles of the replicates.</summary>
    public ConfidenceInterval Interval { get; }

    /// <summary>Standard deviation of the replicates (bootstrap standard error).</summary>
    public double StandardError { get; }

    /// <summary>The statistic of every round, in round order.</summary>
    public ImmutableArray<double> Replicates { get; }

    /// <summary>The seed that produced the replicates.</summary>
    public ulong Seed { get; }
}
