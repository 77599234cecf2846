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
        var ordered = cells.OrderBy(c => c.Key.A).ThenBy(c => c.Key.B).ThenBy(c => c.Key.Y).ThenBy(c => c.Key.W).ToArray();
        return new BattleCells(
            [.. ordered.Select(c => c.Key.A)], [.. ordered.Select(c => c.Key.B)],
            [.. ordered.Select(c => c.Key.Y)], [.. ordered.Select(c => c.Key.W)],
            [.. ordered.Select(c => c.Value)]);
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
