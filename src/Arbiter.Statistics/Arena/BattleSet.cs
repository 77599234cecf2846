using System.Collections.Immutable;
using System.Globalization;

namespace Arbiter.Statistics.Arena;

/// <summary>
/// Battles indexed for fitting: models sorted ordinally (so every result is independent of input
/// order), per-battle arrays and the aggregated win matrix (ties = ½ win each side). Invalid battles
/// (same model twice, empty names, weight not positive and finite, unknown outcome) are skipped and
/// reported in <see cref="Warnings"/> rather than thrown.
/// </summary>
public sealed class BattleSet
{
    private readonly Dictionary<string, int> _index;
    private int[]? _a, _b, _source;
    private double[]? _y, _w;
    private BattleCells? _cells;

    private BattleSet(string[] models, int[]? a, int[]? b, double[]? y, double[]? w, int[]? source, BattleCells? cells, List<string> warnings)
    {
        _source = source;
        Models = ImmutableArray.Create(models);
        _index = new Dictionary<string, int>(models.Length, StringComparer.Ordinal);
        for (int i = 0; i < models.Length; i++)
        {
            _index[models[i]] = i;
        }

        (_a, _b, _y, _w, _cells) = (a, b, y, w, cells);
        Count = cells?.Battles ?? a!.Length;
        Warnings = warnings.AsReadOnly();
        Wins = new double[models.Length * models.Length];
        double total = 0;
        if (cells is not null)
        {
            // Counted battles: the cells are the data; per-battle arrays are laid out only if something asks.
            cells.AccumulateWins(Wins, models.Length, cells.Count);
            for (int k = 0; k < cells.Length; k++)
            {
                total += cells.Count[k] * cells.Weight[k];
            }
        }
        else
        {
            AccumulateWins(Wins, null);
            foreach (double weight in w!)
            {
                total += weight;
            }
        }

        TotalWeight = total;
    }

    /// <summary>Models in ordinal order; model indices used by every arena result refer to this list.</summary>
    public ImmutableArray<string> Models { get; }

    /// <summary>Number of valid battles.</summary>
    public int Count { get; }

    /// <summary>Sum of the weights of the valid battles.</summary>
    public double TotalWeight { get; }

    /// <summary>Diagnostics about skipped battles.</summary>
    public IReadOnlyList<string> Warnings { get; }

    internal int[] IndexA => _a ?? Expand().A;

    internal int[] IndexB => _b ?? Expand().B;

    internal double[] ScoreA => _y ?? Expand().Y;

    internal double[] Weight => _w ?? Expand().W;

    /// <summary>Position of each valid battle in the input sequence (invalid ones are skipped); cell order for counted battles.</summary>
    internal int[] SourceIndex => _source ??= [.. Enumerable.Range(0, Count)];

    /// <summary>Row-major n×n: weighted wins of row over column, ties counting ½.</summary>
    internal double[] Wins { get; }

    /// <summary>Index of <paramref name="model"/> in <see cref="Models"/>, or −1.</summary>
    public int IndexOf(string model) => _index.TryGetValue(model, out int i) ? i : -1;

    /// <summary>Weighted wins of model i over model j (ties ½).</summary>
    public double WinsOf(int i, int j) => Wins[(i * Models.Length) + j];

    /// <summary>Weighted number of battles between models i and j.</summary>
    public double BattlesBetween(int i, int j) => i == j ? 0 : Wins[(i * Models.Length) + j] + Wins[(j * Models.Length) + i];

    /// <summary>Indexes the battles.</summary>
    public static BattleSet From(IEnumerable<Battle> battles)
    {
        ArgumentNullException.ThrowIfNull(battles);
        var valid = new List<Battle>();
        var source = new List<int>();
        int position = -1;
        var warnings = new List<string>();
        int sameModel = 0, badName = 0, badWeight = 0, badOutcome = 0;
        foreach (Battle battle in battles)
        {
            position++;
            if (string.IsNullOrEmpty(battle.ModelA) || string.IsNullOrEmpty(battle.ModelB))
            {
                badName++;
            }
            else if (string.Equals(battle.ModelA, battle.ModelB, StringComparison.Ordinal))
            {
                sameModel++;
            }
            else if (!(battle.Weight > 0) || double.IsInfinity(battle.Weight))
            {
                badWeight++;
            }
            else if (!Enum.IsDefined(battle.Outcome))
            {
                badOutcome++;
            }
            else
            {
                valid.Add(battle);
                source.Add(position);
            }
        }

        Report(warnings, badName, "have an empty model name");
        Report(warnings, sameModel, "pit a model against itself");
        Report(warnings, badWeight, "have a weight that is not positive and finite");
        Report(warnings, badOutcome, "have an unknown outcome");

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Battle battle in valid)
        {
            names.Add(battle.ModelA);
            names.Add(battle.ModelB);
        }

        string[] models = [.. names];
        var index = new Dictionary<string, int>(models.Length, StringComparer.Ordinal);
        for (int i = 0; i < models.Length; i++)
        {
            index[models[i]] = i;
        }

        int count = valid.Count;
        int[] a = new int[count], b = new int[count];
        double[] y = new double[count], w = new double[count];
        for (int k = 0; k < count; k++)
        {
            a[k] = index[valid[k].ModelA];
            b[k] = index[valid[k].ModelB];
            y[k] = valid[k].ScoreA;
            w[k] = valid[k].Weight;
        }

        return new BattleSet(models, a, b, y, w, [.. source], null, warnings);
    }

    /// <summary>
    /// Indexes battles already counted per (model A, model B, outcome) — a reader that aggregates while it reads
    /// keeps no battle at all. <paramref name="models"/> names the indices the counts use. The set is the one
    /// <see cref="From"/> gives for the battles the counts stand for (weight 1 each), in any order: the same models,
    /// win matrix, cells and warnings, so fits and seeded bootstraps agree with it exactly.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or a model index is outside <paramref name="models"/>.</exception>
    public static BattleSet FromCounts(IReadOnlyList<string> models, IEnumerable<BattleCount> counts)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(counts);
        var valid = new List<BattleCount>();
        int sameModel = 0, badName = 0, badOutcome = 0;
        // Which indices the valid counts use: names are sorted once over these, not once per count.
        bool[] used = new bool[models.Count];
        foreach (BattleCount c in counts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c.Count, nameof(counts));
            if ((uint)c.ModelA >= (uint)models.Count || (uint)c.ModelB >= (uint)models.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(counts), "A model index is outside the list of models.");
            }

            string nameA = models[c.ModelA], nameB = models[c.ModelB];
            if (string.IsNullOrEmpty(nameA) || string.IsNullOrEmpty(nameB))
            {
                badName += c.Count;
            }
            else if (string.Equals(nameA, nameB, StringComparison.Ordinal))
            {
                sameModel += c.Count;
            }
            else if (c.Outcome is not (BattleOutcome.AWins or BattleOutcome.BWins or BattleOutcome.Tie or BattleOutcome.TieBothBad))
            {
                badOutcome += c.Count;
            }
            else if (c.Count > 0)
            {
                valid.Add(c);
                used[c.ModelA] = used[c.ModelB] = true;
            }
        }

        var warnings = new List<string>();
        Report(warnings, badName, "have an empty model name");
        Report(warnings, sameModel, "pit a model against itself");
        Report(warnings, badOutcome, "have an unknown outcome");
        var names = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < used.Length; i++)
        {
            if (used[i]) names.Add(models[i]);
        }

        string[] sorted = [.. names];
        var index = new Dictionary<string, int>(sorted.Length, StringComparer.Ordinal);
        for (int i = 0; i < sorted.Length; i++)
        {
            index[sorted[i]] = i;
        }

        // The caller's index → the sorted index (two indices may name the same model).
        int[] map = new int[models.Count];
        for (int i = 0; i < used.Length; i++)
        {
            map[i] = used[i] ? index[models[i]] : -1;
        }

        var cells = BattleCells.FromUnitCounts(sorted.Length, valid.Select(c => (map[c.ModelA], map[c.ModelB], c.Outcome, c.Count)));
        return new BattleSet(sorted, null, null, null, null, null, cells, warnings);
    }

    /// <summary>The battles aggregated by pair, score and weight (built on first use).</summary>
    internal BattleCells Cells => _cells ??= BattleCells.From(IndexA, IndexB, ScoreA, Weight);

    /// <summary>The battles of a counted set one by one, in cell order (only the per-battle baselines ask for them).</summary>
    private (int[] A, int[] B, double[] Y, double[] W) Expand()
    {
        lock (_index)
        {
            if (_a is null)
            {
                BattleCells cells = _cells!;
                int[] a = new int[Count], b = new int[Count];
                double[] y = new double[Count], w = new double[Count];
                int t = 0;
                for (int k = 0; k < cells.Length; k++)
                {
                    int end = t + cells.Count[k];
                    Array.Fill(a, cells.A[k], t, end - t);
                    Array.Fill(b, cells.B[k], t, end - t);
                    Array.Fill(y, cells.Score[k], t, end - t);
                    Array.Fill(w, cells.Weight[k], t, end - t);
                    t = end;
                }

                (_b, _y, _w) = (b, y, w);
                _a = a; // Last: a reader seeing _a set sees the others.
            }

            return (_a, _b!, _y!, _w!);
        }
    }

    /// <summary>
    /// Adds the battles (all, or the resampled <paramref name="indices"/> with repetition) into the n×n
    /// win matrix <paramref name="wins"/>, which must be zeroed by the caller; <paramref name="weight"/> replaces
    /// the battles' own weights (a weighted bootstrap round).
    /// </summary>
    internal void AccumulateWins(double[] wins, int[]? indices, double[]? weight = null)
    {
        int n = Models.Length;
        int count = indices?.Length ?? IndexA.Length;
        weight ??= Weight;
        for (int t = 0; t < count; t++)
        {
            int k = indices is null ? t : indices[t];
            double w = weight[k];
            double y = ScoreA[k];
            int i = IndexA[k], j = IndexB[k];
            wins[(i * n) + j] += w * y;
            wins[(j * n) + i] += w * (1 - y);
        }
    }

    private static void Report(List<string> warnings, int count, string what)
    {
        if (count > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Skipped {count} battle(s) that {what}."));
        }
    }
}
