using Arbiter.Statistics.Intervals;

namespace Arbiter.Statistics.Aggregation;

/// <summary>The summary of one sub-suite entering an aggregate.</summary>
/// <param name="Name">Sub-suite name.</param>
/// <param name="Count">Number of samples (the weight).</param>
/// <param name="Mean">The sub-suite's mean score.</param>
/// <param name="StandardError">The sub-suite's standard error (naive, clustered or bootstrap).</param>
public sealed record SubsuiteSummary(string Name, int Count, double Mean, double StandardError)
{
    /// <summary>From a proportion estimate (binomial standard error).</summary>
    public static SubsuiteSummary From(string name, ProportionEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return new(name, estimate.Count, estimate.Mean, estimate.StandardError);
    }

    /// <summary>From a mean estimate (t-based standard error).</summary>
    public static SubsuiteSummary From(string name, MeanEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return new(name, estimate.Count, estimate.Mean, estimate.StandardError);
    }
}

/// <summary>
/// Size-weighted mean over sub-suites with the pooled (stratified) standard error
/// SE = sqrt(Σ w_k² SE_k²), w_k = n_k / Σ n. Sub-suites are treated as independent strata with fixed
/// sizes, so between-suite variation is not error. Interval: mean ± z·SE. No samples at all: mean 0,
/// SE 0, interval [0, 0] and <see cref="IsEmpty"/>.
/// </summary>
public sealed record SuiteAggregate
{
    private SuiteAggregate(IReadOnlyList<SubsuiteSummary> parts, int count, double mean, double se, double level)
    {
        Parts = parts;
        Count = count;
        Mean = mean;
        StandardError = se;
        double half = CriticalValues.Normal(level) * se;
        Interval = new ConfidenceInterval(mean - half, mean + half, level);
    }

    /// <summary>The inputs, in input order.</summary>
    public IReadOnlyList<SubsuiteSummary> Parts { get; }

    /// <summary>Total number of samples.</summary>
    public int Count { get; }

    /// <summary>Σ n_k·mean_k / Σ n_k.</summary>
    public double Mean { get; }

    /// <summary>Pooled standard error.</summary>
    public double StandardError { get; }

    /// <summary>Mean ± z·StandardError.</summary>
    public ConfidenceInterval Interval { get; }

    /// <summary>True when the total count is 0.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Aggregates the sub-suites.</summary>
    /// <exception cref="ArgumentException">A count is negative or a mean/standard error is not finite or negative.</exception>
    public static SuiteAggregate Aggregate(IReadOnlyList<SubsuiteSummary> parts, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(parts);
        CriticalValues.ValidateLevel(confidenceLevel);
        long total = 0;
        foreach (SubsuiteSummary part in parts)
        {
            if (part.Count < 0 || !double.IsFinite(part.Mean) || !(part.StandardError >= 0) || double.IsInfinity(part.StandardError))
            {
                throw new ArgumentException($"Sub-suite '{part.Name}' has an invalid count, mean or standard error.", nameof(parts));
            }

            total += part.Count;
        }

        SubsuiteSummary[] copy = [.. parts];
        if (total == 0)
        {
            return new SuiteAggregate(copy, 0, 0, 0, confidenceLevel);
        }

        double mean = 0, variance = 0;
        foreach (SubsuiteSummary part in copy)
        {
            double w = (double)part.Count / total;
            mean += w * part.Mean;
            variance += w * w * part.StandardError * part.StandardError;
        }

        return new SuiteAggregate(copy, checked((int)total), mean, Math.Sqrt(variance), confidenceLevel);
    }
}
