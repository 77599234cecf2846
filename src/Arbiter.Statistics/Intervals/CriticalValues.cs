namespace Arbiter.Statistics.Intervals;

/// <summary>Two-sided critical values and the validation of confidence levels, shared by all intervals.</summary>
public static class CriticalValues
{
    /// <summary>The standard-normal z with P(|Z| ≤ z) = <paramref name="confidenceLevel"/> (1.959964 for 0.95).</summary>
    public static double Normal(double confidenceLevel)
    {
        ValidateLevel(confidenceLevel);
        return MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - ((1 - confidenceLevel) / 2));
    }

    /// <summary>The Student-t critical value with <paramref name="degreesOfFreedom"/> (must be ≥ 1).</summary>
    public static double StudentT(double confidenceLevel, double degreesOfFreedom)
    {
        ValidateLevel(confidenceLevel);
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        return MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - ((1 - confidenceLevel) / 2));
    }

    /// <summary>Two-sided p-value of a t statistic with <paramref name="degreesOfFreedom"/>.</summary>
    internal static double StudentTTwoSidedP(double t, double degreesOfFreedom)
    {
        double p = 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, degreesOfFreedom, -Math.Abs(t));
        return Math.Clamp(p, 0, 1);
    }

    /// <summary>Throws unless 0 &lt; level &lt; 1.</summary>
    internal static void ValidateLevel(double confidenceLevel)
    {
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level must be strictly between 0 and 1.");
        }
    }
}
