namespace Arbiter.Statistics.Paired;

/// <summary>Identifies one sample of a run: the item and the epoch (repeat) it was drawn in.</summary>
/// <param name="ItemId">The dataset item id.</param>
/// <param name="Epoch">The epoch (0-based or 1-based, as long as both runs agree).</param>
public readonly record struct SampleKey(string ItemId, int Epoch) : IComparable<SampleKey>
{
    /// <summary>Ordinal by item id, then by epoch: a culture-independent, total order.</summary>
    public int CompareTo(SampleKey other)
    {
        int c = string.CompareOrdinal(ItemId, other.ItemId);
        return c != 0 ? c : Epoch.CompareTo(other.Epoch);
    }

    /// <inheritdoc cref="CompareTo"/>
    public static bool operator <(SampleKey left, SampleKey right) => left.CompareTo(right) < 0;

    /// <inheritdoc cref="CompareTo"/>
    public static bool operator >(SampleKey left, SampleKey right) => left.CompareTo(right) > 0;

    /// <inheritdoc cref="CompareTo"/>
    public static bool operator <=(SampleKey left, SampleKey right) => left.CompareTo(right) <= 0;

    /// <inheritdoc cref="CompareTo"/>
    public static bool operator >=(SampleKey left, SampleKey right) => left.CompareTo(right) >= 0;
}

/// <summary>One scored sample of a run.</summary>
/// <param name="Key">Item and epoch.</param>
/// <param name="Score">The score (0/1 for binary scorers).</param>
public readonly record struct ScoredSample(SampleKey Key, double Score)
{
    /// <summary>Convenience constructor from the key parts.</summary>
    public ScoredSample(string itemId, int epoch, double score)
        : this(new SampleKey(itemId, epoch), score)
    {
    }
}
