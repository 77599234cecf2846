using Arbiter.Statistics.Intervals;

namespace Arbiter.Statistics.Paired;

/// <summary>
/// Samples collapsed to one mean score per item. Repeated samples of one item (epochs) are not
/// independent observations: the item is the unit of sampling, so intervals and tests count items.
/// </summary>
/// <remarks>
/// With one epoch per item this is the samples themselves. <see cref="Estimate"/> is the Wilson
/// interval over the item means with n = number of items. Item means lie in [0, 1], so their
/// variance is at most p(1 − p): the Wilson interval over items is valid (conservative when epochs
/// agree less than perfectly) and equals the usual Wilson interval when there is one epoch.
/// </remarks>
public sealed record ItemScores
{
    private ItemScores(string[] ids, double[] means, int[] epochs, int samples)
    {
        ItemIds = ids;
        Means = means;
        EpochCounts = epochs;
        SampleCount = samples;
        MaxEpochs = epochs.Length == 0 ? 0 : epochs.Max();
    }

    /// <summary>Item ids, sorted ordinally.</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>Mean score of each item over its epochs, parallel to <see cref="ItemIds"/>.</summary>
    public IReadOnlyList<double> Means { get; }

    /// <summary>Number of samples of each item, parallel to <see cref="ItemIds"/>.</summary>
    public IReadOnlyList<int> EpochCounts { get; }

    /// <summary>Number of samples collapsed.</summary>
    public int SampleCount { get; }

    /// <summary>The largest number of samples of one item (0 when empty).</summary>
    public int MaxEpochs { get; }

    /// <summary>Number of items.</summary>
    public int Count => ItemIds.Count;

    /// <summary>Collapses samples to item means.</summary>
    /// <exception cref="ArgumentException">A score is NaN or infinite.</exception>
    public static ItemScores From(IEnumerable<ScoredSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var sums = new SortedDictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        int total = 0;
        foreach (ScoredSample s in samples)
        {
            if (!double.IsFinite(s.Score))
            {
                throw new ArgumentException($"Score of {s.Key} is not finite.", nameof(samples));
            }

            var (sum, count) = sums.GetValueOrDefault(s.Key.ItemId);
            sums[s.Key.ItemId] = (sum + s.Score, count + 1);
            total++;
        }

        return new ItemScores(
            [.. sums.Keys],
            [.. sums.Values.Select(v => v.Sum / v.Count)],
            [.. sums.Values.Select(v => v.Count)],
            total);
    }

    /// <summary>The mean over items with a Wilson interval over items (scores must lie in [0, 1]).</summary>
    public ProportionEstimate Estimate(double confidenceLevel = 0.95)
    {
        double[] means = [.. Means];
        return ProportionEstimate.FromSamples(means, confidenceLevel);
    }
}
