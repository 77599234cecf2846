namespace Arbiter.Statistics.MultipleComparisons;

/// <summary>Holm–Bonferroni step-down adjustment of p-values (controls the family-wise error rate).</summary>
public static class HolmBonferroni
{
    /// <summary>
    /// Returns adjusted p-values in the input order: sorted ascending, p̃_(i) = max_{j ≤ i} min(1, (m − j + 1)·p_(j)).
    /// Reject hypothesis i at level α when its adjusted p-value ≤ α. Ties keep their input order.
    /// </summary>
    /// <exception cref="ArgumentException">A p-value is outside [0, 1] or NaN.</exception>
    public static double[] Adjust(ReadOnlySpan<double> pValues)
    {
        int m = pValues.Length;
        int[] order = new int[m];
        double[] keys = new double[m];
        for (int i = 0; i < m; i++)
        {
            if (!(pValues[i] >= 0 && pValues[i] <= 1))
            {
                throw new ArgumentException($"p-value {i} is outside [0, 1].", nameof(pValues));
            }

            order[i] = i;
            keys[i] = pValues[i];
        }

        // Stable sort: Array.Sort is unstable, so break ties on the original index explicitly.
        Array.Sort(order, (x, y) => keys[x] != keys[y] ? keys[x].CompareTo(keys[y]) : x.CompareTo(y));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            int i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * keys[i]));
            adjusted[i] = running;
        }

        return adjusted;
    }
}
