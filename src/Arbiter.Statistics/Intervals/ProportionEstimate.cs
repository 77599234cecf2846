namespace Arbiter.Statistics.Intervals;

/// <summary>
/// The mean of binary (or [0, 1]) scores with a Wilson score interval. Computed once, immutable.
/// </summary>
/// <remarks>
/// Wilson rather than the Wald interval because eval accuracies are often near 0 or 1 and sample
/// sizes small, where Wald collapses to a zero-width interval. For <c>Count == 0</c> the estimate is
/// <see cref="IsEmpty"/>: mean 0, standard error 0 and the uninformative interval [0, 1].
/// </remarks>
public sealed record ProportionEstimate
{
    private ProportionEstimate(double successes, int count, double confidenceLevel)
    {
        Successes = successes;
        Count = count;
        if (count == 0)
        {
            Interval = new ConfidenceInterval(0, 1, confidenceLevel);
            return;
        }

        double n = count;
        double p = Math.Clamp(successes / n, 0, 1);
        Mean = p;
        StandardError = Math.Sqrt(p * (1 - p) / n);
        double z = CriticalValues.Normal(confidenceLevel);
        double z2 = z * z;
        double denominator = 1 + (z2 / n);
        double centre = (p + (z2 / (2 * n))) / denominator;
        double half = z / denominator * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        // Analytically the bound is exactly 0 (p = 0) or 1 (p = 1); set it so rounding cannot leave 1e-17.
        double lower = p == 0 ? 0 : Math.Max(0, centre - half);
        double upper = p == 1 ? 1 : Math.Min(1, centre + half);
        Interval = new ConfidenceInterval(lower, upper, confidenceLevel);
    }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Sum of the scores (the number of successes for binary scores).</summary>
    public double Successes { get; }

    /// <summary>Successes / Count; 0 when empty.</summary>
    public double Mean { get; }

    /// <summary>The binomial standard error sqrt(p(1−p)/n); 0 when empty.</summary>
    public double StandardError { get; }

    /// <summary>The Wilson score interval, always within [0, 1].</summary>
    public ConfidenceInterval Interval { get; }

    /// <summary>True when there were no samples.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Builds the estimate from a success count.</summary>
    /// <param name="successes">Number (or fractional sum) of successes, 0 ≤ successes ≤ count.</param>
    /// <param name="count">Number of samples, ≥ 0.</param>
    /// <param name="confidenceLevel">Two-sided level, default 0.95.</param>
    public static ProportionEstimate FromCounts(double successes, int count, double confidenceLevel = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CriticalValues.ValidateLevel(confidenceLevel);
        if (!(successes >= 0 && successes <= count))
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, "Successes must lie in [0, count].");
        }

        return new ProportionEstimate(successes, count, confidenceLevel);
    }

    /// <summary>Builds the estimate from pass/fail outcomes.</summary>
    public static ProportionEstimate FromSamples(ReadOnlySpan<bool> outcomes, double confidenceLevel = 0.95)
    {
        int successes = 0;
        foreach (bool outcome in outcomes)
        {
            successes += outcome ? 1 : 0;
        }

        return FromCounts(successes, outcomes.Length, confidenceLevel);
    }

    /// <summary>Builds the estimate from scores in [0, 1] (partial credit is allowed).</summary>
    /// <exception cref="ArgumentException">A score is outside [0, 1] or NaN.</exception>
    public static ProportionEstimate FromSamples(ReadOnlySpan<double> scores, double confidenceLevel = 0.95)
    {
        double sum = 0;
        bool valid = true;
        foreach (double score in scores)
        {
            sum += score;
            valid &= score is >= 0 and <= 1;
        }

        if (!valid)
        {
            throw new ArgumentException("Proportion scores must lie in [0, 1].", nameof(scores));
        }

        return FromCounts(Math.Min(sum, scores.Length), scores.Length, confidenceLevel);
    }
}
