namespace Arbiter.Statistics.Agreement;

/// <summary>
/// Krippendorff's α for nominal data, any number of labellers, missing values allowed:
/// α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k, from the coincidence matrix o_ck in which every
/// item with m_u ≥ 2 labels adds each ordered pair of its labels with weight 1/(m_u − 1)
/// (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011). Items with one label are unpairable and left out.
/// </summary>
public static class KrippendorffAlpha
{
    /// <summary>Nominal α over <paramref name="items"/> (indices into the matrix, repeats allowed).</summary>
    /// <param name="focus">A category index for that category's α against all others, or −1 for all categories.</param>
    /// <returns>α, or NaN when no item is pairable or all pairable labels are one category (no variation).</returns>
    public static double Nominal(RatingMatrix data, ReadOnlySpan<int> items, int focus = -1)
    {
        ArgumentNullException.ThrowIfNull(data);
        int k = data.ViewCategories(focus);
        double[] marginals = new double[k];
        int[] counts = new int[k];
        double disagree = 0;
        foreach (int item in items)
        {
            int m = data.CountRow(item, focus, counts);

            if (m < 2) continue;
            // Ordered pairs with different values: Σ_c n_c·(m − n_c); each weighs 1/(m − 1).
            double off = 0;
            for (int c = 0; c < k; c++)
            {
                off += (double)counts[c] * (m - counts[c]);
                marginals[c] += counts[c];
            }

            disagree += off / (m - 1);
        }

        double n = marginals.Sum();
        if (n == 0) return double.NaN;
        double sumSq = 0;
        foreach (double nc in marginals) sumSq += nc * nc;
        double expected = (n * n) - sumSq;
        return expected <= 0 ? double.NaN : 1 - ((n - 1) * disagree / expected);
    }
}
