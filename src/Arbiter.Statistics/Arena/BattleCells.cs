namespace Arbiter.Statistics.Arena;

/// <summary>
/// The battles aggregated into cells: one per distinct (model pair, score, weight), with its count. Everything the
/// Bradley–Terry likelihood sees is a sum over battles of terms that depend only on the cell, so the fit and its
/// multinomial bootstrap can work on a few thousand cells instead of a million battles.
/// </summary>
internal sealed class BattleCells
{
    private BattleCells(int[] a, int[] b, double[] score, double[] weight, int[] count)
    {
        A = a;
        B = b;
        Score = score;
        Weight = weight;
        WinA = new double[count.Length];
        WinB = new double[count.Length];
        for (int k = 0; k < count.Length; k++)
        {
            WinA[k] = weight[k] * score[k];
            WinB[k] = weight[k] * (1 - score[k]);
        }

        Count = count;
    }

    /// <summary>Lower model index of each cell.</summary>
    public int[] A { get; }

    /// <summary>Higher model index of each cell.</summary>
    public int[] B { get; }

    /// <summary>Score of A in one battle of the cell (1, ½ or 0).</summary>
    public double[] Score { get; }

    /// <summary>Weight of one battle of the cell.</summary>
    public double[] Weight { get; }

    /// <summary>Weighted wins one battle of the cell gives A (w·y).</summary>
    public double[] WinA { get; }

    /// <summary>Weighted wins one battle of the cell gives B (w·(1 − y)).</summary>
    public double[] WinB { get; }

    /// <summary>Battles in the cell.</summary>
    public int[] Count { get; }

    /// <summary>Number of cells.</summary>
    public int Length => Count.Length;

    /// <summary>Total number of battles.</summary>
    public int Battles
    {
        get
        {
            int total = 0;
            foreach (int c in Count) total += c;
            return total;
        }
    }

    public static BattleCells From(int[] indexA, int[] indexB, double[] scoreA, double[] weight)
    {
        var cells = new Dictionary<(int A, int B, double Y, double W), int>();
        for (int k = 0; k < indexA.Length; k++)
        {
            Add(cells, indexA[k], indexB[k], scoreA[k], weight[k], 1);
        }

        return Build(cells);
    }

    /// <summary>Adds <paramref name="count"/> battles (a, b, y, w) to their cell.</summary>
    public static void Add(Dictionary<(int A, int B, double Y, double W), int> cells, int a, int b, double y, double w, int count)
    {
        // (b, a, 1 − y) is the same battle as (a, b, y): orient every pair one way so they share a cell.
        var key = a < b ? (a, b, y, w) : (b, a, 1 - y, w);
        cells[key] = cells.GetValueOrDefault(key) + count;
    }

    /// <summary>The cells in a fixed order, so a seeded bootstrap draws the same counts for the same battles whatever their order.</summary>
    public static BattleCells Build(Dictionary<(int A, int B, double Y, double W), int> cells)
    {
        // One array sort on the keys (a few hundred thousand cells with 300 models): a chain of LINQ ThenBy
        // comparisons took a quarter of a second there.
        var keys = new (int A, int B, double Y, double W)[cells.Count];
        int[] count = new int[cells.Count];
        cells.Keys.CopyTo(keys, 0);
        cells.Values.CopyTo(count, 0);
        Array.Sort(keys, count, CellOrder.Instance);
        int[] a = new int[keys.Length], b = new int[keys.Length];
        double[] y = new double[keys.Length], w = new double[keys.Length];
        for (int k = 0; k < keys.Length; k++)
        {
            (a[k], b[k], y[k], w[k]) = keys[k];
        }

        return new BattleCells(a, b, y, w, count);
    }

    /// <summary>Largest n·n·3 grid <see cref="FromUnitCounts"/> lays out (12 MB, passed at about 1,000 models).</summary>
    private const int GridCells = 3 << 20;

    /// <summary>
    /// Cells of weight-1 battles counted per (model a, model b, outcome) among <paramref name="models"/> models, in the
    /// order <see cref="Build"/> gives: a counting sort on an (a, b, score) grid, or a dictionary and sort past
    /// <see cref="GridCells"/>.
    /// </summary>
    public static BattleCells FromUnitCounts(int models, IEnumerable<(int A, int B, BattleOutcome Outcome, int Count)> counts)
    {
        if ((long)models * models * 3 > GridCells)
        {
            var cells = new Dictionary<(int A, int B, double Y, double W), int>();
            foreach (var (a, b, outcome, count) in counts)
            {
                Add(cells, a, b, new Battle("", "", outcome).ScoreA, 1, count);
            }

            return Build(cells);
        }

        // Slot (low, high, score of low: 0, ½, 1 as 0, 1, 2): walking the grid in order is the cell order.
        int[] grid = new int[models * models * 3];
        int used = 0;
        foreach (var (a, b, outcome, count) in counts)
        {
            int score = outcome switch { BattleOutcome.AWins => 2, BattleOutcome.BWins => 0, _ => 1 };
            int slot = a < b ? (((a * models) + b) * 3) + score : (((b * models) + a) * 3) + 2 - score;
            used += grid[slot] == 0 && count > 0 ? 1 : 0;
            grid[slot] += count;
        }

        int[] la = new int[used], lb = new int[used], n = new int[used];
        double[] y = new double[used], w = new double[used];
        int k = 0;
        for (int slot = 0; slot < grid.Length && k < used; slot++)
        {
            if (grid[slot] == 0) continue;
            int pair = slot / 3;
            (la[k], lb[k], y[k], w[k], n[k]) = (pair / models, pair % models, (slot % 3) / 2.0, 1, grid[slot]);
            k++;
        }

        return new BattleCells(la, lb, y, w, n);
    }

    /// <summary>Pair, then score, then weight: the order every seeded bootstrap draws its cells in.</summary>
    private sealed class CellOrder : IComparer<(int A, int B, double Y, double W)>
    {
        public static readonly CellOrder Instance = new();

        public int Compare((int A, int B, double Y, double W) x, (int A, int B, double Y, double W) y)
        {
            int c = x.A.CompareTo(y.A);
            if (c != 0) return c;
            c = x.B.CompareTo(y.B);
            if (c != 0) return c;
            c = x.Y.CompareTo(y.Y);
            return c != 0 ? c : x.W.CompareTo(y.W);
        }
    }

    /// <summary>Adds the wins of <paramref name="counts"/> battles per cell into an n × n matrix.</summary>
    public void AccumulateWins(double[] wins, int models, int[] counts)
    {
        for (int k = 0; k < counts.Length; k++)
        {
            int c = counts[k];
            if (c == 0) continue;
            wins[(A[k] * models) + B[k]] += c * WinA[k];
            wins[(B[k] * models) + A[k]] += c * WinB[k];
        }
    }
}
