namespace Arbiter.Statistics.Bootstrap;

/// <summary>
/// Sample quantiles with linear interpolation between order statistics: numpy's default
/// ("linear", Hyndman–Fan type 7), virtual index h = (n − 1)·q.
/// </summary>
public static class Quantiles
{
    /// <summary>The <paramref name="q"/>-quantile of unsorted values (copies and sorts; the input is untouched).</summary>
    /// <returns>The quantile; 0 for empty input (documented instead of NaN).</returns>
    public static double Linear(ReadOnlySpan<double> values, double q)
    {
        if (values.IsEmpty)
        {
            ValidateQ(q);
            return 0;
        }

        double[] copy = values.ToArray();
        Array.Sort(copy);
        return LinearSorted(copy, q);
    }

    /// <summary>The <paramref name="q"/>-quantile of values already sorted ascending (no copy).</summary>
    /// <returns>The quantile; 0 for empty input.</returns>
    public static double LinearSorted(ReadOnlySpan<double> sorted, double q)
    {
        ValidateQ(q);
        int n = sorted.Length;
        if (n == 0)
        {
            return 0;
        }

        double h = (n - 1) * q;
        int lo = (int)Math.Floor(h);
        if (lo >= n - 1)
        {
            return sorted[n - 1];
        }

        double t = h - lo;
        double a = sorted[lo];
        double b = sorted[lo + 1];
        double diff = b - a;
        // numpy's _lerp: interpolate from the nearer end so that t = 1 returns b exactly.
        return t >= 0.5 ? b - (diff * (1 - t)) : a + (diff * t);
    }

    private static void ValidateQ(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "The quantile must lie in [0, 1].");
        }
    }
}
