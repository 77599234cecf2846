using Arbiter.Core.Labelling;
using Arbiter.Statistics.Sampling;

namespace Arbiter.Engine.Labelling;

/// <summary>A stored reply that could be labelled, with what the sample is stratified by.</summary>
/// <param name="ItemId">Unique key of the sample (e.g. <c>model/item/epoch</c>).</param>
/// <param name="Prompt">The question.</param>
/// <param name="Reply">The answer text.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="Topic">The probe topic ("" when none).</param>
/// <param name="Language">The prompt's language ("" when unknown).</param>
/// <param name="Predicted">The classifier's label.</param>
public sealed record LabellingCandidate(string ItemId, string Prompt, string Reply, string Model, string Topic, string Language, string Predicted);

/// <summary>
/// Picks the rows of a labelling task. Candidates are grouped into strata by model × topic × language ×
/// predicted label and drawn round-robin across strata (equal allocation), so a register the classifier
/// predicts rarely still gets rows instead of a share proportional to its rarity. Within a stratum and in
/// the final order the draw is a seeded shuffle: labellers do not see strata in blocks.
/// </summary>
public static class StratifiedSample
{
    /// <summary>Selects at most <paramref name="size"/> candidates and numbers them in presentation order.</summary>
    public static IReadOnlyList<LabellingItem> Select(IReadOnlyList<LabellingCandidate> candidates, int size, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var random = new SeededRandom(seed);
        var strata = candidates
            .DistinctBy(c => c.ItemId, StringComparer.Ordinal)
            .GroupBy(c => (c.Model, c.Topic, c.Language, c.Predicted))
            .OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Topic, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Language, StringComparer.Ordinal).ThenBy(g => g.Key.Predicted, StringComparer.Ordinal)
            .Select(g => new Queue<LabellingCandidate>(Shuffle([.. g.OrderBy(c => c.ItemId, StringComparer.Ordinal)], random)))
            .ToList();
        var picked = new List<LabellingCandidate>(Math.Min(size, candidates.Count));
        while (picked.Count < size && strata.Count > 0)
        {
            foreach (var stratum in strata)
            {
                if (picked.Count == size) break;
                picked.Add(stratum.Dequeue());
            }

            strata.RemoveAll(s => s.Count == 0);
        }

        return [.. Shuffle(picked, random).Select((c, i) => new LabellingItem(c.ItemId, i, c.Prompt, c.Reply, c.Model, c.Topic, c.Language, c.Predicted))];
    }

    private static List<T> Shuffle<T>(List<T> list, SeededRandom random)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}
