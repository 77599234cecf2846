namespace Arbiter.Statistics.Arena;

/// <summary>
/// The battles aggregated into cells: one per distinct (model pair, score, weight), with its count. Everything the
/// Bradley–Terry likelihood sees is a sum over battles of terms that depend only on the cell, so the fit and its
/// multinomial bootstrap can work on a few thousand cells instead of a million battles.
/// </summary>
internal sealed class BattleCells
{
    private BattleCells(int[] a, int[] b, double[] winA, double[] winB, int[] count)
    {
        A = a;
        B = b;
        WinA = winA;
        WinB = winB;
        Count = count;
    }

    /// <summary>Lower model index of each cell.</summary>
    public int[] A { get; }

    /// <summary>Higher model index of each cell.</summary>
    public int[] B { get; }

    /// <summary>Weighted wins one battle of the cell gives A (w·y).</summary>
    public double[] WinA { get; }

    /// <summary>Weighted wins one battle of the cell gives B (w·(1 − y)).</summary>
    public double[] WinB { get; }

    /// <summary>Battles in the cell.</summary>
    public int[] Count { get; }

    /// <summary>Number of cells.</summary>
    public int Length => Count.Length;

    public static BattleCells From(int[] indexA, int[] indexB, double[] scoreA, double[] weight)
    {
        var cells = new Dictionary<(int A, int B, double Y, double W), int>();
        for (int k = 0; k < indexA.Length; k++)
        {
            // (b, a, 1 − y) is the same battle as (a, b, y): orient every pair one way so they share a cell.
            var key = indexA[k] < indexB[k] ? (indexA[k], indexB[k], scoreA[k], weight[k]) : (indexB[k], indexA[k], 1 - scoreA[k], weight[k]);
            cells[key] = cells.GetValueOrDefault(key) + 1;
        }

        // A fixed order, so a seeded bootstrap draws the same counts for the same battles whatever their file order.
        var ordered = cells.OrderBy(c => c.Key.A).ThenBy(c => c.Key.B).ThenBy(c => c.Key.Y).ThenBy(c => c.Key.W).ToArray();
        return new BattleCells(
            [.. ordered.Select(c => c.Key.A)], [.. ordered.Select(c => c.Key.B)],
            [.. ordered.Select(c => c.Key.W * c.Key.Y)], [.. ordered.Select(c => c.Key.W * (1 - c.Key.Y))],
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
