using Arbiter.Statistics.Intervals;
using Arbiter.Statistics.Numerics;

namespace Arbiter.Statistics.Arena;

public static partial class BradleyTerry
{
    /// <summary>
    /// Robust (sandwich) intervals: Var(θ) = A⁻¹·(Σ_b g_b g_bᵀ)·A⁻¹, where A = −H (+ ridge if it was
    /// applied) in the sum-zero parametrisation and g_b = w_b·(y_b − p_b)·(e_a − e_b) is each battle's
    /// score contribution. Intervals are rating ± z·SE (z = 1.96 at 0.95). Mean-based ratings use
    /// Var(θ_i); anchored ones Var(θ_i − θ_anchor), so the anchor itself gets a zero-width interval.
    /// </summary>
    /// <exception cref="ArgumentException">The fit is style-controlled (the plain model's Hessian would be wrong).</exception>
    public static IReadOnlyList<RatingInterval> SandwichIntervals(BradleyTerryFit fit, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (fit.IsStyleControlled)
        {
            throw new ArgumentException("Sandwich intervals are defined here for plain Bradley–Terry fits only.", nameof(fit));
        }

        double z = CriticalValues.Normal(confidenceLevel);
        BattleSet set = fit.Battles;
        int n = set.Models.Length;
        double[] theta = [.. fit.Theta];
        double ridge = fit.RidgeApplied ? fit.Options.Ridge : 0;
        double[] information = new double[n * n];
        double[] meat = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            information[(i * n) + i] = ridge;
        }

        // Summed per cell: its c identical battles add c times one battle's terms (orientation does not change them).
        BattleCells cells = set.Cells;
        for (int k = 0; k < cells.Length; k++)
        {
            int a = cells.A[k], b = cells.B[k], c = cells.Count[k];
            double w = cells.Weight[k];
            double p = Logistic.Sigmoid(theta[a] - theta[b]);
            AddOuter(information, n, a, b, c * (w * p * (1 - p)));
            double r = w * (cells.Score[k] - p);
            AddOuter(meat, n, a, b, c * (r * r));
        }

        // 11ᵀ/n makes A invertible without touching the sum-zero subspace (see BradleyTerrySolver).
        for (int k = 0; k < information.Length; k++)
        {
            information[k] += 1.0 / n;
        }

        double[] covariance = Sandwich(information, meat, n);
        double factor = fit.Options.Scale / Math.Log(10);
        int anchor = fit.AnchorIndex;
        var result = new RatingInterval[n];
        for (int i = 0; i < n; i++)
        {
            double variance = anchor < 0
                ? covariance[(i * n) + i]
                : covariance[(i * n) + i] + covariance[(anchor * n) + anchor] - (2 * covariance[(i * n) + anchor]);
            double se = factor * Math.Sqrt(Math.Max(0, variance));
            double rating = fit.Ratings[i];
            result[i] = new RatingInterval(set.Models[i], rating, rating - (z * se), rating + (z * se), se);
        }

        return result;
    }

    private static void AddOuter(double[] matrix, int n, int a, int b, double v)
    {
        matrix[(a * n) + a] += v;
        matrix[(b * n) + b] += v;
        matrix[(a * n) + b] -= v;
        matrix[(b * n) + a] -= v;
    }

    /// <summary>A⁻¹·B·A⁻¹ with A symmetric positive definite. All zeros if A cannot be factored (n = 0).</summary>
    private static double[] Sandwich(double[] a, double[] b, int n)
    {
        double[] result = new double[n * n];
        if (n == 0 || !DenseCholesky.TryFactor(a, n))
        {
            return result;
        }

        // X = A⁻¹·B column by column, then A⁻¹·Xᵀ (X·A⁻¹ = (A⁻¹·Xᵀ)ᵀ, and the result is symmetric).
        double[] x = new double[n * n];
        double[] column = new double[n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                column[i] = b[(i * n) + j];
            }

            DenseCholesky.Solve(a, n, column);
            for (int i = 0; i < n; i++)
            {
                x[(i * n) + j] = column[i];
            }
        }

        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                column[i] = x[(j * n) + i];
            }

            DenseCholesky.Solve(a, n, column);
            for (int i = 0; i < n; i++)
            {
                result[(i * n) + j] = column[i];
            }
        }

        return result;
    }
}
