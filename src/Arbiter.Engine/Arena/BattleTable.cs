using Arbiter.Core.Arena;
using Arbiter.Statistics.Arena;

namespace Arbiter.Engine.Arena;

/// <summary>
/// Battles in the form a leaderboard needs: counted per (model A, model B, outcome) as they are added — a
/// million battles among 300 models are ~130,000 counts, and the statistics work on those counts
/// (<see cref="BattleSet.FromCounts"/>) with the same results as on the battles one by one. Only style
/// control, which needs each battle's own features, also keeps the battles in file order (two model
/// indices, an outcome byte and the style counts each).
/// </summary>
public sealed class BattleTable
{
    /// <summary>Outcome byte of a winner spelling the ratings do not know (the statistics skip and report it).</summary>
    internal const sbyte UnknownOutcome = -1;

    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly PairCounts _counts = new();
    private int[]? _a, _b, _style;
    private sbyte[]? _outcome;
    private bool[]? _styled;

    /// <summary>An empty table; with <paramref name="keepStyle"/> it also keeps each battle and the answers' style counts.</summary>
    public BattleTable(bool keepStyle = false)
    {
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        if (keepStyle)
        {
            (_a, _b, _outcome) = (new int[1024], new int[1024], new sbyte[1024]);
            _style = new int[1024 * 8];
            _styled = new bool[1024];
        }
    }

    /// <summary>Number of battles.</summary>
    public int Count { get; private set; }

    /// <summary>The models in the order they were first met (the indices the counts use).</summary>
    internal IReadOnlyList<string> Models => _names;

    /// <summary>True when style counts are kept.</summary>
    public bool KeepsStyle => _style is not null;

    /// <summary>Builds a table from records (the path of stored battles and of callers holding a list).</summary>
    public static BattleTable From(IEnumerable<ArenaBattle> battles, bool keepStyle = false)
    {
        ArgumentNullException.ThrowIfNull(battles);
        var table = new BattleTable(keepStyle);
        foreach (var b in battles) table.Add(b);
        return table;
    }

    /// <summary>Adds one battle.</summary>
    public void Add(ArenaBattle battle)
    {
        ArgumentNullException.ThrowIfNull(battle);
        int a = Intern(battle.ModelA), b = Intern(battle.ModelB);
        if (battle is { StyleA: { } sa, StyleB: { } sb })
        {
            Add(a, b, OutcomeOf(battle.Winner), [sa.Tokens, sa.Headers, sa.ListItems, sa.BoldSpans, sb.Tokens, sb.Headers, sb.ListItems, sb.BoldSpans]);
        }
        else
        {
            Add(a, b, OutcomeOf(battle.Winner), default);
        }
    }

    internal int Intern(string name)
    {
        if (_index.TryGetValue(name, out int i)) return i;
        _index[name] = i = _names.Count;
        _names.Add(name);
        return i;
    }

    internal int Intern(ReadOnlySpan<char> name)
    {
        if (_lookup.TryGetValue(name, out int i)) return i;
        return Intern(name.ToString());
    }

    /// <summary>Adds one battle; <paramref name="style"/> holds A's and B's counts (8 ints) or is empty when unknown.</summary>
    internal void Add(int a, int b, sbyte outcome, ReadOnlySpan<int> style)
    {
        _counts.Add(a, b, outcome);
        if (_a is not null)
        {
            if (Count == _a.Length) Grow();
            _a[Count] = a;
            _b![Count] = b;
            _outcome![Count] = outcome;
            if (style.Length == 8)
            {
                _styled![Count] = true;
                style.CopyTo(_style.AsSpan(Count * 8, 8));
            }
        }

        Count++;
    }

    /// <summary>
    /// Appends <paramref name="later"/>, read from the rows after this table's: its models are interned in its own
    /// first-seen order, so the merged table has the models, counts and (with style) battles in the order one
    /// sequential read would have given.
    /// </summary>
    internal void Append(BattleTable later)
    {
        int[] map = new int[later._names.Count];
        for (int i = 0; i < map.Length; i++) map[i] = Intern(later._names[i]);
        foreach (var (a, b, outcome, count) in later._counts.All()) _counts.Add(map[a], map[b], outcome, count);
        if (_a is null || later._a is null)
        {
            Count += later.Count;
            return;
        }

        for (int k = 0; k < later.Count; k++)
        {
            if (Count == _a.Length) Grow();
            _a[Count] = map[later._a[k]];
            _b![Count] = map[later._b![k]];
            _outcome![Count] = later._outcome![k];
            _styled![Count] = later._styled![k];
            Array.Copy(later._style!, k * 8, _style!, Count * 8, 8);
            Count++;
        }
    }

    /// <summary>The battles as the statistics see them, counted (the same values <see cref="ArenaLeaderboard.ToBattle"/> gives).</summary>
    internal BattleSet ToBattleSet() => BattleSet.FromCounts(_names, _counts.All().Select(c =>
        new BattleCount(c.A, c.B, (BattleOutcome)c.Outcome, c.Count)));

    /// <summary>The outcome byte of a winner spelling (ties and "both bad" stay apart, as the statistics count them).</summary>
    internal static sbyte OutcomeOf(string? winner) => winner switch
    {
        BattleWinner.ModelA => (sbyte)BattleOutcome.AWins,
        BattleWinner.ModelB => (sbyte)BattleOutcome.BWins,
        BattleWinner.TieBothBad => (sbyte)BattleOutcome.TieBothBad,
        BattleWinner.Tie => (sbyte)BattleOutcome.Tie,
        _ => UnknownOutcome,
    };

    /// <summary>Battle <paramref name="k"/> in file order (kept only with style counts).</summary>
    internal Battle BattleAt(int k) => new(_names[_a![k]], _names[_b![k]], (BattleOutcome)_outcome![k]);

    internal bool HasStyle(int k) => _styled is not null && _styled[k];

    internal StyleCounts StyleOf(int k, int side)
    {
        var s = _style.AsSpan((k * 8) + (side * 4), 4);
        return new StyleCounts(s[0], s[1], s[2], s[3]);
    }

    /// <summary>Wins, losses and ties per model (valid battles only).</summary>
    internal Dictionary<string, int[]> Tally()
    {
        var perIndex = new int[_names.Count][];
        foreach (var (a, b, o, n) in _counts.All())
        {
            if (o == UnknownOutcome || a == b) continue;
            int[] ca = perIndex[a] ??= new int[3], cb = perIndex[b] ??= new int[3];
            if (o is (sbyte)BattleOutcome.Tie or (sbyte)BattleOutcome.TieBothBad)
            {
                ca[2] += n;
                cb[2] += n;
            }
            else
            {
                (o == (sbyte)BattleOutcome.AWins ? ca : cb)[0] += n;
                (o == (sbyte)BattleOutcome.AWins ? cb : ca)[1] += n;
            }
        }

        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        for (int i = 0; i < perIndex.Length; i++)
        {
            if (perIndex[i] is { } c) counts[_names[i]] = c;
        }

        return counts;
    }

    private void Grow()
    {
        int size = _a!.Length * 2;
        Array.Resize(ref _a, size);
        Array.Resize(ref _b, size);
        Array.Resize(ref _outcome, size);
        Array.Resize(ref _style, size * 8);
        Array.Resize(ref _styled, size);
    }
}
