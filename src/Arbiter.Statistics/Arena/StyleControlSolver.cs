using Arbiter.Statistics.Numerics;

namespace Arbiter.Statistics.Arena;

/// <summary>
/// Damped Newton on the per-battle logistic likelihood with parameters (θ_0..θ_{n−1}, β_0..β_{k−1}).
/// Features vary per battle, so unlike plain Bradley–Terry the battles cannot be aggregated into a
/// win matrix. The θ block uses the same 11ᵀ/n device as <see cref="BradleyTerrySolver"/> for Σθ = 0.
/// </summary>
internal sealed class StyleControlSolver(BattleSet set, double[] z, int k, double ridge, double styleRidge, double[]? weight = null)
{
    private readonly int _n = set.Models.Length;

    // A bootstrap round passes the battles' weights times their resampled multiplicities; a plain fit uses the set's.
    private readonly double[] _weight = weight ?? set.Weight;

    public SolveStatus Solve(double[] parameters, int maxIterations, double tolerance)
    {
        int m = _n + k;
        double[] gradient = new double[m];
        double[] matrix = new double[m * m];
        double[] trial = new double[m];
        double threshold = tolerance * Math.Max(1, set.TotalWeight);
        double ll = LogLikelihood(parameters);
        for (int iteration = 0; ; iteration++)
        {
            double norm = GradientAndInformation(parameters, gradient, matrix);
            if (norm <= threshold)
            {
                return new SolveStatus(iteration, true, norm, ll);
            }

            for (int i = 0; i < _n; i++)
            {
                for (int j = 0; j < _n; j++)
                {
                    matrix[(i * m) + j] += 1.0 / _n;
                }
            }

            if (iteration >= maxIterations || !DenseCholesky.TryFactor(matrix, m))
            {
                return new SolveStatus(iteration, false, norm, ll);
            }

            // The gradient buffer becomes the Newton direction; it is recomputed next iteration.
            DenseCholesky.Solve(matrix, m, gradient);
            if (!LineSearch.TryAscend(parameters, gradient, trial, ref ll, candidate =>
            {
                CenterTheta(candidate);
                return LogLikelihood(candidate);
            }))
            {
                return new SolveStatus(iteration, false, norm, ll);
            }
        }
    }

    private double Margin(double[] p, int t)
    {
        double d = p[set.IndexA[t]] - p[set.IndexB[t]];
        for (int f = 0; f < k; f++)
        {
            d += p[_n + f] * z[(t * k) + f];
        }

        return d;
    }

    private double LogLikelihood(double[] p)
    {
        double ll = 0;
        for (int t = 0; t < set.Count; t++)
        {
            double d = Margin(p, t);
            double y = set.ScoreA[t];
            double w = _weight[t];
            if (w == 0) continue;
            ll += w * ((y * Logistic.LogSigmoid(d)) + ((1 - y) * Logistic.LogSigmoid(-d)));
        }

        for (int i = 0; i < _n; i++)
        {
            ll -= 0.5 * ridge * p[i] * p[i];
        }

        for (int f = 0; f < k; f++)
        {
            ll -= 0.5 * styleRidge * p[_n + f] * p[_n + f];
        }

        return ll;
    }

    private double GradientAndInformation(double[] p, double[] gradient, double[] matrix)
    {
        int m = _n + k;
        Array.Clear(matrix);
        for (int i = 0; i < m; i++)
        {
            double penalty = i < _n ? ridge : styleRidge;
            gradient[i] = -penalty * p[i];
            matrix[(i * m) + i] = penalty;
        }

        int[] idx = new int[k + 2];
        double[] u = new double[k + 2];
        for (int t = 0; t < set.Count; t++)
        {
            double w = _weight[t];
            if (w == 0) continue;
            double prob = Logistic.Sigmoid(Margin(p, t));
            double r = w * (set.ScoreA[t] - prob);
            double v = w * prob * (1 - prob);
            idx[0] = set.IndexA[t];
            u[0] = 1;
            idx[1] = set.IndexB[t];
            u[1] = -1;
            for (int f = 0; f < k; f++)
            {
                idx[f + 2] = _n + f;
                u[f + 2] = z[(t * k) + f];
            }

            for (int a = 0; a < idx.Length; a++)
            {
                gradient[idx[a]] += r * u[a];
                double va = v * u[a];
                for (int b = 0; b < idx.Length; b++)
                {
                    matrix[(idx[a] * m) + idx[b]] += va * u[b];
                }
            }
        }

        return LineSearch.MaxAbs(gradient);
    }

    private void CenterTheta(double[] p)
    {
        double mean = 0;
        for (int i = 0; i < _n; i++)
        {
            mean += p[i];
        }

        mean /= Math.Max(1, _n);
        for (int i = 0; i < _n; i++)
        {
            p[i] -= mean;
        }
    }
}
