namespace Arbiter.Statistics.Paired;

/// <summary>
/// How consistently a model answers the same item across repeated samples (epochs). A sample counts
/// as correct at full credit (score ≥ 1), as in pass^k: partial credit is not a right answer.
/// </summary>
/// <param name="Items">Number of items.</param>
/// <param name="MaxEpochs">The largest number of samples of one item.</param>
/// <param name="Always">Items correct in every epoch.</param>
/// <param name="Sometimes">Items correct in some but not all epochs.</param>
/// <param name="Never">Items correct in no epoch.</param>
/// <param name="MajorityCorrect">Items correct in strictly more than half of their epochs (a tie is not a majority).</param>
/// <param name="Agreement">Mean over items of the share of epochs that agree with the item's more common outcome (1 = every item answered the same way every time; ½ is the floor).</param>
public sealed record EpochConsistency(int Items, int MaxEpochs, int Always, int Sometimes, int Never, int MajorityCorrect, double Agreement)
{
    /// <summary>Majority-vote accuracy: <see cref="MajorityCorrect"/> / <see cref="Items"/> (0 when empty).</summary>
    public double MajorityVoteAccuracy => Items == 0 ? 0 : (double)MajorityCorrect / Items;

    /// <summary>True when some item was sampled more than once (otherwise consistency says nothing).</summary>
    public bool HasRepeats => MaxEpochs > 1;

    /// <summary>Counts consistency over the samples of one run (or pooled runs with distinct item ids).</summary>
    public static EpochConsistency From(IEnumerable<ScoredSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var byItem = new Dictionary<string, (int Right, int Total)>(StringComparer.Ordinal);
        foreach (ScoredSample s in samples)
        {
            var (right, total) = byItem.GetValueOrDefault(s.Key.ItemId);
            byItem[s.Key.ItemId] = (right + (s.Score >= 1 ? 1 : 0), total + 1);
        }

        int always = 0, sometimes = 0, never = 0, majority = 0, maxEpochs = 0;
        double agreement = 0;
        foreach (var (right, total) in byItem.Values)
        {
            maxEpochs = Math.Max(maxEpochs, total);
            if (right == total) always++;
            else if (right == 0) never++;
            else sometimes++;
            if (2 * right > total) majority++;
            agreement += (double)Math.Max(right, total - right) / total;
        }

        return new EpochConsistency(byItem.Count, maxEpochs, always, sometimes, never, majority, byItem.Count == 0 ? 0 : agreement / byItem.Count);
    }
}
