namespace Arbiter.Statistics.Intervals;

/// <summary>
/// Mean, sample standard deviation (n − 1), standard error and Student-t interval of continuous
/// scores. Computed once, immutable.
/// </summary>
/// <remarks>
/// Edge cases are defined rather than NaN: with no samples everything is 0 and
/// <see cref="IsEmpty"/> is set; with one sample the spread is unknown, so the standard deviation
/// and error are reported as 0 and the interval collapses to the mean (check <see cref="Count"/>).
/// </remarks>
public sealed record MeanEstimate
{
    private MeanEstimate(int count, double mean, double standardDeviation, double confidenceLevel)
    {
        Count = count;
        Mean = mean;
        StandardDeviation = standardDeviation;
        StandardError = count > 0 ? standardDeviation / Math.Sqrt(count) : 0;
        double half = count >= 2 && StandardError > 0
            ? CriticalValues.StudentT(confidenceLevel, count - 1) * StandardError
            : 0;
        Interval = new ConfidenceInterval(mean - half, mean + half, confidenceLevel);
    }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Arithmetic mean; 0 when empty.</summary>
    public double Mean { get; }

    /// <summary>Sample standard deviation with the n − 1 denominator; 0 when Count &lt; 2.</summary>
    public double StandardDeviation { get; }

    /// <summary>StandardDeviation / sqrt(Count); 0 when Count &lt; 2.</summary>
    public double StandardError { get; }

    /// <summary>Mean ± t(level, n − 1) · StandardError.</summary>
    public ConfidenceInterval Interval { get; }

    /// <summary>True when there were no samples.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Computes the estimate (two passes over the data, for accuracy).</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public static MeanEstimate FromSamples(ReadOnlySpan<double> values, double confidenceLevel = 0.95)
    {
        CriticalValues.ValidateLevel(confidenceLevel);
        int n = values.Length;
        if (n == 0)
        {
            return new MeanEstimate(0, 0, 0, confidenceLevel);
        }

        double mean = Moments.Mean(values);
        if (!double.IsFinite(mean))
        {
            throw new ArgumentException("Values must be finite.", nameof(values));
        }

        double sd = n >= 2 ? Math.Sqrt(Moments.SumOfSquaredDeviations(values, mean) / (n - 1)) : 0;
        return new MeanEstimate(n, mean, sd, confidenceLevel);
    }
}
