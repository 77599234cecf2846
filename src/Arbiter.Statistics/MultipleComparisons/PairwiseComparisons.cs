using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Paired;

namespace Arbiter.Statistics.MultipleComparisons;

/// <summary>The scored samples of one model (or run) on a shared item set.</summary>
/// <param name="Model">Display name; must be unique within one comparison.</param>
/// <param name="Samples">The model's scored samples.</param>
public sealed record ModelSamples(string Model, IReadOnlyList<ScoredSample> Samples);

/// <summary>One pair of models: B compared with A, with the Holm-adjusted p-value.</summary>
/// <param name="ModelA">The first model (earlier in the input list).</param>
/// <param name="ModelB">The second model.</param>
/// <param name="Comparison">The full paired comparison (difference = B − A).</param>
/// <param name="AdjustedPValue">Holm–Bonferroni adjusted p-value over all pairs of the call.</param>
public sealed record PairwiseComparison(string ModelA, string ModelB, PairedComparison Comparison, double AdjustedPValue);

/// <summary>All pairwise paired comparisons of several models with Holm–Bonferroni correction.</summary>
public static class PairwiseComparisons
{
    /// <summary>
    /// Compares every pair (i &lt; j in input order, B = j). Fewer than two models give an empty list.
    /// Every pair uses the same bootstrap seed, so each pair's interval is reproducible on its own.
    /// </summary>
    /// <exception cref="ArgumentException">Two models share a name.</exception>
    public static IReadOnlyList<PairwiseComparison> CompareAll(IReadOnlyList<ModelSamples> models, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ModelSamples model in models)
        {
            if (!names.Add(model.Model))
            {
                throw new ArgumentException($"Model '{model.Model}' appears twice.", nameof(models));
            }
        }

        var comparisons = new List<PairedComparison>();
        var pairs = new List<(string A, string B)>();
        for (int i = 0; i < models.Count; i++)
        {
            for (int j = i + 1; j < models.Count; j++)
            {
                comparisons.Add(PairedComparison.Compare(models[i].Samples, models[j].Samples, options));
                pairs.Add((models[i].Model, models[j].Model));
            }
        }

        double[] p = new double[comparisons.Count];
        for (int k = 0; k < p.Length; k++)
        {
            p[k] = comparisons[k].PValue;
        }

        double[] adjusted = HolmBonferroni.Adjust(p);
        var result = new PairwiseComparison[comparisons.Count];
        for (int k = 0; k < result.Length; k++)
        {
            result[k] = new PairwiseComparison(pairs[k].A, pairs[k].B, comparisons[k], adjusted[k]);
        }

        return result;
    }
}
