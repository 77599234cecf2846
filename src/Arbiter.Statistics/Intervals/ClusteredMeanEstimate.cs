namespace Arbiter.Statistics.Intervals;

/// <summary>
/// Mean of scores whose items share clusters (e.g. several questions about one passage), with the
/// cluster-robust standard error of Miller (2024), "Adding Error Bars to Evals", and a normal interval.
/// </summary>
/// <remarks>
/// <para>SE² = s²/n + (1/n²) Σ_c Σ_{i≠j ∈ c} (x_i − x̄)(x_j − x̄), with s² the n − 1 sample variance.
/// The first term is the naive CLT variance, the second adds the within-cluster covariances the naive
/// formula ignores. With one item per cluster it reduces exactly to the naive standard error.</para>
/// <para>Computed as (1/n²)·Σ_c (Σ_{i∈c} e_i)² + Σ e_i² / (n²(n − 1)), which is the same quantity but
/// visibly non-negative. The interval is mean ± z·SE (CLT, as in the paper). Empty input gives zeros
/// and <see cref="IsEmpty"/>; a single sample gives SE 0.</para>
/// </remarks>
public sealed record ClusteredMeanEstimate
{
    private ClusteredMeanEstimate(int count, int clusterCount, double mean, double naiveSe, double clusteredSe, double confidenceLevel)
    {
        Count = count;
        ClusterCount = clusterCount;
        Mean = mean;
        NaiveStandardError = naiveSe;
        StandardError = clusteredSe;
        double half = CriticalValues.Normal(confidenceLevel) * clusteredSe;
        Interval = new ConfidenceInterval(mean - half, mean + half, confidenceLevel);
    }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Number of distinct clusters.</summary>
    public int ClusterCount { get; }

    /// <summary>Arithmetic mean; 0 when empty.</summary>
    public double Mean { get; }

    /// <summary>The naive standard error s/√n that ignores clustering.</summary>
    public double NaiveStandardError { get; }

    /// <summary>The cluster-robust standard error.</summary>
    public double StandardError { get; }

    /// <summary>Mean ± z·StandardError.</summary>
    public ConfidenceInterval Interval { get; }

    /// <summary>True when there were no samples.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Computes the estimate; <paramref name="clusters"/>[i] is the cluster of <paramref name="scores"/>[i].</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static ClusteredMeanEstimate FromSamples<TCluster>(
        ReadOnlySpan<double> scores, ReadOnlySpan<TCluster> clusters, double confidenceLevel = 0.95)
        where TCluster : notnull
    {
        CriticalValues.ValidateLevel(confidenceLevel);
        if (scores.Length != clusters.Length)
        {
            throw new ArgumentException("Every score needs exactly one cluster id.", nameof(clusters));
        }

        int n = scores.Length;
        if (n == 0)
        {
            return new ClusteredMeanEstimate(0, 0, 0, 0, 0, confidenceLevel);
        }

        double mean = Moments.Mean(scores);
        var residualSums = new Dictionary<TCluster, double>();
        double sumSquares = 0;
        for (int i = 0; i < n; i++)
        {
            double e = scores[i] - mean;
            sumSquares += e * e;
            residualSums[clusters[i]] = residualSums.GetValueOrDefault(clusters[i]) + e;
        }

        if (n == 1)
        {
            return new ClusteredMeanEstimate(1, 1, mean, 0, 0, confidenceLevel);
        }

        double between = 0;
        foreach (double s in residualSums.Values)
        {
            between += s * s;
        }

        double nn = (double)n * n;
        double naive = Math.Sqrt(sumSquares / (n - 1) / n);
        double clustered = Math.Sqrt(Math.Max(0, (between / nn) + (sumSquares / (nn * (n - 1)))));
        return new ClusteredMeanEstimate(n, residualSums.Count, mean, naive, clustered, confidenceLevel);
    }
}
