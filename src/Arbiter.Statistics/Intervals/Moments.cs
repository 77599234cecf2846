namespace Arbiter.Statistics.Intervals;

/// <summary>Allocation-free sums used by the estimators (four accumulators to let the CPU pipeline the adds).</summary>
internal static class Moments
{
    public static double Sum(ReadOnlySpan<double> values)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < values.Length; i += 4)
        {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }

        for (; i < values.Length; i++)
        {
            s0 += values[i];
        }

        return (s0 + s1) + (s2 + s3);
    }

    public static double Mean(ReadOnlySpan<double> values) => values.Length == 0 ? 0 : Sum(values) / values.Length;

    public static double SumOfSquaredDeviations(ReadOnlySpan<double> values, double mean)
    {
        double s0 = 0, s1 = 0;
        int i = 0;
        for (; i + 1 < values.Length; i += 2)
        {
            double d0 = values[i] - mean;
            double d1 = values[i + 1] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
        }

        for (; i < values.Length; i++)
        {
            double d = values[i] - mean;
            s0 += d * d;
        }

        return s0 + s1;
    }
}
