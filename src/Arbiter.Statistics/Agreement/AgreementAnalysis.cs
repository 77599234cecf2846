using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Statistics.Agreement;

/// <summary>The agreement coefficients of one view of the data: all categories, or one category against the rest.</summary>
/// <param name="Category">The category index, or null for the overall view.</param>
/// <param name="Cohen">Cohen's κ; null unless there are exactly two labellers.</param>
/// <param name="Fleiss">Fleiss' κ (κ_j for a category).</param>
/// <param name="Krippendorff">Krippendorff's nominal α.</param>
public sealed record AgreementCoefficients(int? Category, AgreementEstimate? Cohen, AgreementEstimate Fleiss, AgreementEstimate Krippendorff);

/// <summary>
/// Every coefficient of a rating matrix, overall and per category, each with a seeded bootstrap interval over items.
/// Immutable; computed once in the constructor.
/// </summary>
public sealed class AgreementAnalysis
{
    /// <summary>Computes the coefficients of <paramref name="data"/>.</summary>
    public AgreementAnalysis(RatingMatrix data, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= BootstrapOptions.Default;
        Overall = Coefficients(data, -1, options);
        PerCategory = [.. Enumerable.Range(0, data.CategoryCount).Select(c => Coefficients(data, c, options))];
        int[] all = [.. Enumerable.Range(0, data.ItemCount)];
        PairableItems = all.Count(i => Labels(data, i) >= 2);
    }

    /// <summary>All categories at once.</summary>
    public AgreementCoefficients Overall { get; }

    /// <summary>One entry per category, in category order: that category against all others.</summary>
    public IReadOnlyList<AgreementCoefficients> PerCategory { get; }

    /// <summary>Items with at least two labels (the ones any coefficient can use).</summary>
    public int PairableItems { get; }

    private static AgreementCoefficients Coefficients(RatingMatrix data, int focus, BootstrapOptions options)
    {
        AgreementEstimate? cohen = data.LabellerCount == 2
            ? AgreementBootstrap.Compute(data.ItemCount, items => CohenKappa.Compute(data, 0, 1, items, focus), options)
            : null;
        var fleiss = AgreementBootstrap.Compute(data.ItemCount, items => FleissKappa.Compute(data, items, focus), options);
        var alpha = AgreementBootstrap.Compute(data.ItemCount, items => KrippendorffAlpha.Nominal(data, items, focus), options);
        return new AgreementCoefficients(focus < 0 ? null : focus, cohen, fleiss, alpha);
    }

    private static int Labels(RatingMatrix data, int item)
    {
        int n = 0;
        foreach (int c in data.Row(item))
        {
            if (c != RatingMatrix.Missing) n++;
        }

        return n;
    }
}
