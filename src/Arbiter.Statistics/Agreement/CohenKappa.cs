namespace Arbiter.Statistics.Agreement;

/// <summary>
/// Cohen's κ for two labellers: (p_o − p_e) / (1 − p_e), where p_o is the share of items both labelled
/// alike and p_e = Σ_k p_A(k)·p_B(k) the agreement expected from each labeller's own marginals
/// (Cohen 1960). Items either labeller left out are not counted.
/// </summary>
public static class CohenKappa
{
    /// <summary>κ of labellers <paramref name="a"/> and <paramref name="b"/> over <paramref name="items"/> (indices into the matrix, repeats allowed).</summary>
    /// <param name="focus">A category index for the per-label κ (that category against all others), or −1 for all categories.</param>
    /// <returns>κ, or NaN when no item has both labels or chance agreement is 1 (both labellers used one category only).</returns>
    public static double Compute(RatingMatrix data, int a, int b, ReadOnlySpan<int> items, int focus = -1) =>
        Tally(data, a, b, items, focus).Kappa;

    /// <summary>The share of items (both labelled) on which the two labellers agree; NaN when there is none.</summary>
    public static double ObservedAgreement(RatingMatrix data, int a, int b, ReadOnlySpan<int> items, int focus = -1) =>
        Tally(data, a, b, items, focus).Observed;

    private static (double Kappa, double Observed) Tally(RatingMatrix data, int a, int b, ReadOnlySpan<int> items, int focus)
    {
        ArgumentNullException.ThrowIfNull(data);
        int k = data.ViewCategories(focus);
        Span<int> rowA = k <= 64 ? stackalloc int[k] : new int[k];
        Span<int> rowB = k <= 64 ? stackalloc int[k] : new int[k];
        rowA.Clear();
        rowB.Clear();
        int n = 0, agree = 0;
        foreach (int item in items)
        {
            int x = RatingMatrix.View(data[item, a], focus);
            int y = RatingMatrix.View(data[item, b], focus);
            if (x == RatingMatrix.Missing || y == RatingMatrix.Missing) continue;
            n++;
            rowA[x]++;
            rowB[y]++;
            if (x == y) agree++;
        }

        if (n == 0) return (double.NaN, double.NaN);
        double po = (double)agree / n;
        double pe = 0;
        for (int c = 0; c < k; c++) pe += (double)rowA[c] * rowB[c];
        pe /= (double)n * n;
        // p_e = 1 means both labellers used one and the same category: κ is 0/0, not "perfect".
        return (pe >= 1 ? double.NaN : (po - pe) / (1 - pe), po);
    }
}
