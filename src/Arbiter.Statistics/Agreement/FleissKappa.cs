namespace Arbiter.Statistics.Agreement;

/// <summary>
/// Fleiss' κ for any number of labellers (Fleiss 1971): (P̄ − P̄_e) / (1 − P̄_e), where P_i is the share of
/// agreeing labeller pairs on item i, P̄ their mean and P̄_e = Σ_j p_j² from the pooled category shares.
/// </summary>
/// <remarks>
/// Items may have different numbers of labels (missing values): P_i uses the item's own count n_i and
/// p_j pools all labels, a common generalisation that equals Fleiss' formula when every n_i is equal.
/// Items with fewer than two labels carry no pair and are left out. With a focus category the result
/// is κ_j, the category's own κ (Fleiss 1971, eq. 12), computed as κ of that category against the rest.
/// </remarks>
public static class FleissKappa
{
    /// <summary>κ over <paramref name="items"/> (indices into the matrix, repeats allowed).</summary>
    /// <param name="focus">A category index for the per-label κ_j, or −1 for the overall κ.</param>
    /// <returns>κ, or NaN when no item has two labels or every label is one category.</returns>
    public static double Compute(RatingMatrix data, ReadOnlySpan<int> items, int focus = -1)
    {
        ArgumentNullException.ThrowIfNull(data);
        int k = data.ViewCategories(focus);
        double[] pooled = new double[k];
        int[] counts = new int[k];
        double sumP = 0, labels = 0;
        int used = 0;
        foreach (int item in items)
        {
            int ni = data.CountRow(item, focus, counts);

            if (ni < 2) continue;
            double pairs = 0;
            for (int c = 0; c < k; c++)
            {
                pairs += (double)counts[c] * (counts[c] - 1);
                pooled[c] += counts[c];
            }

            sumP += pairs / ((double)ni * (ni - 1));
            labels += ni;
            used++;
        }

        if (used == 0) return double.NaN;
        double pBar = sumP / used;
        double pe = 0;
        foreach (double total in pooled) pe += total / labels * (total / labels);
        return pe >= 1 ? double.NaN : (pBar - pe) / (1 - pe);
    }
}
