using Arbiter.Statistics.Numerics;

namespace Arbiter.Statistics.Arena;

/// <summary>Outcome of one Newton solve.</summary>
internal readonly record struct SolveStatus(int Iterations, bool Converged, double GradientNorm, double LogLikelihood);

/// <summary>
/// Maximum-likelihood Bradley–Terry on an aggregated win matrix by damped Newton's method, with the
/// sum-zero constraint on θ and an optional L2 ridge (−λ/2·‖θ‖²).
/// </summary>
/// <remarks>
/// The log-likelihood is invariant to adding a constant to θ, so the Hessian is singular along 1.
/// Solving (−H + λI + 11ᵀ/n)·d = g instead is exact for the constrained problem: the gradient is
/// orthogonal to 1, and the added term acts only along 1, so d stays orthogonal to 1 as well.
/// </remarks>
internal sealed class BradleyTerrySolver
{
    private readonly int _n;
    private readonly double[] _gradient;
    private readonly double[] _matrix;
    private readonly double[] _step;
    private readonly double[] _trial;

    public BradleyTerrySolver(int modelCount)
    {
        _n = modelCount;
        _gradient = new double[modelCount];
        _matrix = new double[modelCount * modelCount];
        _step = new double[modelCount];
        _trial = new double[modelCount];
    }

    /// <summary>Improves <paramref name="theta"/> in place (it is the starting point on entry).</summary>
    public SolveStatus Solve(double[] wins, double[] theta, double ridge, int maxIterations, double tolerance)
    {
        int n = _n;
        double scale = 0;
        foreach (double w in wins)
        {
            scale += w;
        }

        double threshold = tolerance * Math.Max(1, scale);
        Center(theta);
        double ll = LogLikelihood(wins, theta, ridge);
        for (int iteration = 0; ; iteration++)
        {
            double norm = GradientAndInformation(wins, theta, ridge);
            if (norm <= threshold)
            {
                return new SolveStatus(iteration, true, norm, ll);
            }

            if (iteration >= maxIterations || !NewtonStep())
            {
                return new SolveStatus(iteration, false, norm, ll);
            }

            if (!LineSearch.TryAscend(theta, _step, _trial, ref ll, trial =>
            {
                Center(trial);
                return LogLikelihood(wins, trial, ridge);
            }))
            {
                return new SolveStatus(iteration, false, norm, ll);
            }
        }
    }

    /// <summary>
    /// Factors the information matrix at <paramref name="theta"/> (no ridge) into <paramref name="factor"/> for
    /// <see cref="SolveChord"/>; false when it is not positive definite (a disconnected comparison graph).
    /// </summary>
    public bool TryFactorInformation(double[] wins, double[] theta, double[] factor)
    {
        GradientAndInformation(wins, theta, 0);
        if (!NewtonStep())
        {
            return false;
        }

        Array.Copy(_matrix, factor, factor.Length);
        return true;
    }

    /// <summary>
    /// The chord variant of Newton's method for bootstrap rounds: every step reuses one factored information matrix
    /// (the point estimate's) instead of building and factoring a new one. A resample's information differs from it by
    /// a few per cent, so each step still shrinks the gradient many-fold, at O(n²) instead of O(n³) per step. It stops
    /// at the same gradient tolerance as <see cref="Solve"/>, so it finds the same maximum; when a step does not at
    /// least halve the gradient it gives up (not converged) and the caller finishes with <see cref="Solve"/>.
    /// </summary>
    public SolveStatus SolveChord(double[] wins, double[] theta, double[] factor, int maxIterations, double tolerance)
    {
        int n = _n;
        double scale = 0;
        foreach (double w in wins)
        {
            scale += w;
        }

        double threshold = tolerance * Math.Max(1, scale);
        Center(theta);
        double previous = double.PositiveInfinity;
        for (int iteration = 0; ; iteration++)
        {
            double norm = GradientAndInformation(wins, theta, 0, information: false);
            if (norm <= threshold)
            {
                return new SolveStatus(iteration, true, norm, double.NaN);
            }

            if (iteration >= maxIterations || !(norm < 0.5 * previous))
            {
                return new SolveStatus(iteration, false, norm, double.NaN);
            }

            previous = norm;
            Array.Copy(_gradient, _step, n);
            DenseCholesky.Solve(factor, n, _step);
            for (int i = 0; i < n; i++)
            {
                theta[i] += _step[i];
            }

            Center(theta);
        }
    }

    /// <summary>Fills the gradient and (unless a chord step needs only the gradient) the information matrix −H + λI; returns max |gradient|.</summary>
    private double GradientAndInformation(double[] wins, double[] theta, double ridge, bool information = true)
    {
        int n = _n;
        if (information) Array.Clear(_matrix);
        for (int i = 0; i < n; i++)
        {
            _gradient[i] = -ridge * theta[i];
            if (information) _matrix[(i * n) + i] = ridge;
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double wij = wins[(i * n) + j];
                double wji = wins[(j * n) + i];
                double total = wij + wji;
                if (total <= 0)
                {
                    continue;
                }

                double p = Logistic.Sigmoid(theta[i] - theta[j]);
                double r = wij - (total * p);
                _gradient[i] += r;
                _gradient[j] -= r;
                if (!information)
                {
                    continue;
                }

                double v = total * p * (1 - p);
                _matrix[(i * n) + i] += v;
                _matrix[(j * n) + j] += v;
                _matrix[(i * n) + j] -= v;
                _matrix[(j * n) + i] -= v;
            }
        }

        return LineSearch.MaxAbs(_gradient);
    }

    private bool NewtonStep()
    {
        int n = _n;
        double shift = 1.0 / n;
        for (int k = 0; k < _matrix.Length; k++)
        {
            _matrix[k] += shift;
        }

        if (!DenseCholesky.TryFactor(_matrix, n))
        {
            return false;
        }

        Array.Copy(_gradient, _step, n);
        DenseCholesky.Solve(_matrix, n, _step);
        return true;
    }

    internal static double LogLikelihood(double[] wins, double[] theta, double ridge)
    {
        int n = theta.Length;
        double ll = 0;
        for (int i = 0; i < n; i++)
        {
            ll -= 0.5 * ridge * theta[i] * theta[i];
            for (int j = i + 1; j < n; j++)
            {
                double wij = wins[(i * n) + j];
                double wji = wins[(j * n) + i];
                if (wij + wji <= 0)
                {
                    continue;
                }

                double d = theta[i] - theta[j];
                ll += (wij * Logistic.LogSigmoid(d)) + (wji * Logistic.LogSigmoid(-d));
            }
        }

        return ll;
    }

    internal static void Center(double[] theta)
    {
        if (theta.Length == 0)
        {
            return;
        }

        double mean = 0;
        foreach (double t in theta)
        {
            mean += t;
        }

        mean /= theta.Length;
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] -= mean;
        }
    }
}
