namespace Arbiter.Engine.Arena;

/// <summary>
/// The problems of a streamed import in bounded memory: the first few in full, a count per kind for
/// all of them (a broken 2M-row dump must not build a 2M-entry list just to print twenty).
/// </summary>
/// <param name="kept">How many problems to keep in full.</param>
public sealed class BattleProblemLog(int kept = 20)
{
    private readonly List<BattleProblem> _first = [];
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>The first problems met, in file order.</summary>
    public IReadOnlyList<BattleProblem> First => _first;

    /// <summary>Number of problems met.</summary>
    public int Count { get; private set; }

    /// <summary>Number of skipped rows per problem kind, ordered by kind.</summary>
    public IReadOnlyDictionary<string, int> Counts => _counts;

    /// <summary>Records one problem; pass this method as the reader's problem callback.</summary>
    public void Add(BattleProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Count++;
        _counts[problem.Kind] = _counts.GetValueOrDefault(problem.Kind) + 1;
        if (_first.Count < kept)
        {
            _first.Add(problem);
        }
    }
}
