namespace Arbiter.Statistics.Paired;

/// <summary>
/// Two runs aligned by (item, epoch). Nothing is dropped silently: unmatched keys and duplicate keys
/// (of which only the first occurrence is used) are listed. Pairs are ordered by key so that any
/// seeded computation on them is independent of the input order.
/// </summary>
public sealed record PairAlignment
{
    private PairAlignment(SampleKey[] keys, double[] a, double[] b, SampleKey[] onlyA, SampleKey[] onlyB, SampleKey[] dupA, SampleKey[] dupB)
    {
        Keys = keys;
        ScoresA = a;
        ScoresB = b;
        OnlyInA = onlyA;
        OnlyInB = onlyB;
        DuplicatesInA = dupA;
        DuplicatesInB = dupB;
    }

    /// <summary>Keys present in both runs, sorted.</summary>
    public IReadOnlyList<SampleKey> Keys { get; }

    /// <summary>Scores of run A, parallel to <see cref="Keys"/>.</summary>
    public IReadOnlyList<double> ScoresA { get; }

    /// <summary>Scores of run B, parallel to <see cref="Keys"/>.</summary>
    public IReadOnlyList<double> ScoresB { get; }

    /// <summary>Keys only run A has, sorted.</summary>
    public IReadOnlyList<SampleKey> OnlyInA { get; }

    /// <summary>Keys only run B has, sorted.</summary>
    public IReadOnlyList<SampleKey> OnlyInB { get; }

    /// <summary>Keys that occur more than once in A (later occurrences ignored), sorted.</summary>
    public IReadOnlyList<SampleKey> DuplicatesInA { get; }

    /// <summary>Keys that occur more than once in B (later occurrences ignored), sorted.</summary>
    public IReadOnlyList<SampleKey> DuplicatesInB { get; }

    /// <summary>Number of aligned pairs.</summary>
    public int Count => Keys.Count;

    /// <summary>Aligns two runs.</summary>
    /// <exception cref="ArgumentException">A score is NaN or infinite.</exception>
    public static PairAlignment Align(IEnumerable<ScoredSample> runA, IEnumerable<ScoredSample> runB)
    {
        ArgumentNullException.ThrowIfNull(runA);
        ArgumentNullException.ThrowIfNull(runB);
        var a = Index(runA, nameof(runA), out SampleKey[] dupA);
        var b = Index(runB, nameof(runB), out SampleKey[] dupB);
        var keys = new List<SampleKey>(Math.Min(a.Count, b.Count));
        var onlyA = new List<SampleKey>();
        foreach (SampleKey key in a.Keys)
        {
            (b.ContainsKey(key) ? keys : onlyA).Add(key);
        }

        var onlyB = new List<SampleKey>();
        foreach (SampleKey key in b.Keys)
        {
            if (!a.ContainsKey(key))
            {
                onlyB.Add(key);
            }
        }

        SampleKey[] sorted = [.. keys];
        Array.Sort(sorted);
        double[] scoresA = new double[sorted.Length];
        double[] scoresB = new double[sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            scoresA[i] = a[sorted[i]];
            scoresB[i] = b[sorted[i]];
        }

        return new PairAlignment(sorted, scoresA, scoresB, Sorted(onlyA), Sorted(onlyB), dupA, dupB);
    }

    private static Dictionary<SampleKey, double> Index(IEnumerable<ScoredSample> run, string paramName, out SampleKey[] duplicates)
    {
        var map = new Dictionary<SampleKey, double>();
        var dup = new HashSet<SampleKey>();
        foreach (ScoredSample sample in run)
        {
            if (!double.IsFinite(sample.Score))
            {
                throw new ArgumentException($"Score of {sample.Key} is not finite.", paramName);
            }

            if (!map.TryAdd(sample.Key, sample.Score))
            {
                dup.Add(sample.Key);
            }
        }

        duplicates = Sorted(dup);
        return map;
    }

    private static SampleKey[] Sorted(IEnumerable<SampleKey> keys)
    {
        SampleKey[] array = [.. keys];
        Array.Sort(array);
        return array;
    }
}
