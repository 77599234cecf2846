namespace Arbiter.Statistics.Frontier;

/// <summary>One model's score with its release day (any day count, e.g. <see cref="DateOnly.DayNumber"/>).</summary>
/// <param name="Day">Release day.</param>
/// <param name="Score">Score, higher is better.</param>
/// <param name="Id">The caller's id for the model; breaks ties (lower wins) so results never depend on row order.</param>
public readonly record struct ScoredRelease(int Day, double Score, int Id);

/// <summary>A group's new record and how far the reference was ahead of (or behind) it.</summary>
/// <param name="Record">The model that set the record.</param>
/// <param name="ReferenceDay">First day the reference frontier reached the record's score; null when it never did (censored).</param>
/// <param name="LagDays">
/// Record day − <paramref name="ReferenceDay"/> (negative: the group got there first). When censored, the
/// bound record day − as-of day: the true lag is below it (the reference is at least that far behind).
/// </param>
/// <param name="Censored">True when the reference had not reached the score by the as-of day.</param>
public readonly record struct RecordLag(ScoredRelease Record, int? ReferenceDay, int LagDays, bool Censored);

/// <summary>
/// Lag by threshold crossing (as Epoch AI measures it): a group's frontier at day t is the best score
/// of its models released on or before t; the lag of a score s is the time between the group reaching
/// s and the reference first reaching s.
/// </summary>
public static class ThresholdLag
{
    /// <summary>The group's records up to <paramref name="asOfDay"/>: each model whose score beats every earlier (or same-day) one.</summary>
    public static IReadOnlyList<ScoredRelease> Records(IEnumerable<ScoredRelease> group, int asOfDay)
    {
        var sorted = ByDay(group, asOfDay);
        var records = new List<ScoredRelease>();
        double best = double.NegativeInfinity;
        foreach (var p in sorted)
        {
            if (p.Score > best)
            {
                records.Add(p);
                best = p.Score;
            }
        }

        return records;
    }

    /// <summary>The first day the frontier of <paramref name="reference"/> reached <paramref name="score"/> on or before <paramref name="asOfDay"/>, else null.</summary>
    public static int? FirstReached(IEnumerable<ScoredRelease> reference, double score, int asOfDay)
    {
        int? first = null;
        foreach (var p in reference)
        {
            if (p.Day <= asOfDay && p.Score >= score && (first is null || p.Day < first)) first = p.Day;
        }

        return first;
    }

    /// <summary>Every record of the group with its lag behind the reference; censored records are kept and marked.</summary>
    public static IReadOnlyList<RecordLag> RecordLags(IEnumerable<ScoredRelease> group, IEnumerable<ScoredRelease> reference, int asOfDay)
    {
        var refs = reference.Where(p => p.Day <= asOfDay).ToArray();
        return [.. Records(group, asOfDay).Select(r => FirstReached(refs, r.Score, asOfDay) is { } day
            ? new RecordLag(r, day, r.Day - day, false)
            : new RecordLag(r, null, r.Day - asOfDay, true))];
    }

    /// <summary>
    /// Current lag as of <paramref name="asOfDay"/>: take the group's best score s; lag = as-of day − the first
    /// day the reference reached s, or 0 when the reference never did (the group leads). Null when the group has no model yet.
    /// </summary>
    public static int? CurrentLag(IEnumerable<ScoredRelease> group, IEnumerable<ScoredRelease> reference, int asOfDay)
    {
        var records = Records(group, asOfDay);
        if (records.Count == 0) return null;
        return FirstReached(reference, records[^1].Score, asOfDay) is { } day ? asOfDay - day : 0;
    }

    /// <summary>Median of the lags (numpy's linear median); censored records enter at their bound. 0 for none.</summary>
    public static double MedianLag(IReadOnlyList<RecordLag> lags)
    {
        ArgumentNullException.ThrowIfNull(lags);
        var values = new double[lags.Count];
        for (int i = 0; i < values.Length; i++) values[i] = lags[i].LagDays;
        return Bootstrap.Quantiles.Linear(values, 0.5);
    }

    /// <summary>Points released by <paramref name="asOfDay"/> in record order: day, then score descending, then id.</summary>
    internal static ScoredRelease[] ByDay(IEnumerable<ScoredRelease> points, int asOfDay)
    {
        var sorted = points.Where(p => p.Day <= asOfDay).ToArray();
        Array.Sort(sorted, static (a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));
        return sorted;
    }

    /// <summary>Points released by <paramref name="asOfDay"/> by score descending, then day, then id.</summary>
    internal static ScoredRelease[] ByScore(IEnumerable<ScoredRelease> points, int asOfDay)
    {
        var sorted = points.Where(p => p.Day <= asOfDay).ToArray();
        Array.Sort(sorted, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Day != b.Day ? a.Day.CompareTo(b.Day) : a.Id.CompareTo(b.Id));
        return sorted;
    }
}
