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

    private BattleSet(string[] models, int[] a, int[] b, double[] y, double[] w, int[] source, List<string> warnings)
    {
        SourceIndex = source;
        Models = ImmutableArray.Create(models);
        _index = new Dictionary<string, int>(models.Length, StringComparer.Ordinal);
        for (int i = 0; i < models.Length; i++)
        {
            _index[models[i]] = i;
        }

        IndexA = a;
        IndexB = b;
        ScoreA = y;
        Weight = w;
        Warnings = warnings.AsReadOnly();
        Wins = new double[models.Length * models.Length];
        AccumulateWins(Wins, null);
        double total = 0;
        foreach (double weight in w)
        {
            total += weight;
        }

        TotalWeight = total;
    }

    /// <summary>Models in ordinal order; model indices used by every arena result refer to this list.</summary>
    public ImmutableArray<string> Models { get; }

    /// <summary>Number of valid battles.</summary>
    public int Count => IndexA.Length;

    /// <summary>Sum of the weights of the valid battles.</summary>
    public double TotalWeight { get; }

    /// <summary>Diagnostics about skipped battles.</summary>
    public IReadOnlyList<string> Warnings { get; }

    internal int[] IndexA { get; }

    internal int[] IndexB { get; }

    internal double[] ScoreA { get; }

    internal double[] Weight { get; }

    /// <summary>Position of each valid battle in the input sequence (invalid ones are skipped).</summary>
    internal int[] SourceIndex { get; }

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

        return new BattleSet(models, a, b, y, w, [.. source], warnings);
    }

    /// <summary>The battles aggregated by pair, score and weight (built on first use).</summary>
    internal BattleCells Cells => _cells ??= BattleCells.From(IndexA, IndexB, ScoreA, Weight);

    private BattleCells? _cells;

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
