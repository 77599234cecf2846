using System.Collections.Immutable;

namespace Arbiter.Statistics.Arena;

/// <summary>An immutable model × model matrix (row model vs column model).</summary>
public sealed class ModelMatrix
{
    private readonly double[] _values;

    internal ModelMatrix(ImmutableArray<string> models, double[] values)
    {
        Models = models;
        _values = values;
    }

    /// <summary>Row and column labels.</summary>
    public ImmutableArray<string> Models { get; }

    /// <summary>The value for row model <paramref name="row"/> against column model <paramref name="column"/>.</summary>
    public double this[int row, int column] => _values[(row * Models.Length) + column];

    /// <summary>The value for the named models.</summary>
    /// <exception cref="KeyNotFoundException">Unknown model.</exception>
    public double this[string row, string column] => this[Index(row), Index(column)];

    private int Index(string model)
    {
        int i = Models.IndexOf(model, StringComparer.Ordinal);
        return i >= 0 ? i : throw new KeyNotFoundException($"Model '{model}' is not in the matrix.");
    }
}

/// <summary>Win-rate and battle-count matrices for arena reports.</summary>
public static class ArenaMatrices
{
    /// <summary>
    /// Observed win rate of row over column, ties counting ½. Cells without battles and the diagonal
    /// hold 0.5 as a neutral placeholder (never NaN) — check <see cref="BattleCounts"/> for zero.
    /// </summary>
    public static ModelMatrix ObservedWinRates(BattleSet battles)
    {
        ArgumentNullException.ThrowIfNull(battles);
        int n = battles.Models.Length;
        double[] values = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double total = battles.BattlesBetween(i, j);
                values[(i * n) + j] = total > 0 ? battles.WinsOf(i, j) / total : 0.5;
            }
        }

        return new ModelMatrix(battles.Models, values);
    }

    /// <summary>Weighted number of battles between row and column (symmetric, zero diagonal).</summary>
    public static ModelMatrix BattleCounts(BattleSet battles)
    {
        ArgumentNullException.ThrowIfNull(battles);
        int n = battles.Models.Length;
        double[] values = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                values[(i * n) + j] = battles.BattlesBetween(i, j);
            }
        }

        return new ModelMatrix(battles.Models, values);
    }

    /// <summary>Predicted P(row beats column) = 1 / (1 + 10^((r_col − r_row)/Scale)); diagonal 0.5.</summary>
    public static ModelMatrix PredictedWinRates(BradleyTerryFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        int n = fit.Models.Length;
        double[] values = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                values[(i * n) + j] = WinProbability(fit.Ratings[i], fit.Ratings[j], fit.Options.Scale);
            }
        }

        return new ModelMatrix(fit.Models, values);
    }

    /// <summary>P(a beats b) = 1 / (1 + 10^((b − a)/scale)) for ratings a, b.</summary>
    public static double WinProbability(double ratingA, double ratingB, double scale = 400)
        => 1 / (1 + Math.Pow(10, (ratingB - ratingA) / scale));
}
