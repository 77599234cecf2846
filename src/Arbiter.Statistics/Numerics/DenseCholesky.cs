namespace Arbiter.Statistics.Numerics;

/// <summary>Cholesky factorisation of small dense symmetric positive-definite matrices (row-major, n×n).</summary>
/// <remarks>Own code rather than a matrix library: the Newton loops run inside bootstrap rounds and must
/// not allocate; the matrices are at most a few hundred rows.</remarks>
internal static class DenseCholesky
{
    /// <summary>Overwrites the lower triangle of <paramref name="a"/> with L (A = L·Lᵀ). False when A is not positive definite.</summary>
    public static bool TryFactor(Span<double> a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double diagonal = a[(j * n) + j];
            for (int k = 0; k < j; k++)
            {
                double l = a[(j * n) + k];
                diagonal -= l * l;
            }

            if (!(diagonal > 0) || !double.IsFinite(diagonal))
            {
                return false;
            }

            double ljj = Math.Sqrt(diagonal);
            a[(j * n) + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[(i * n) + j];
                for (int k = 0; k < j; k++)
                {
                    s -= a[(i * n) + k] * a[(j * n) + k];
                }

                a[(i * n) + j] = s / ljj;
            }
        }

        return true;
    }

    /// <summary>Solves L·Lᵀ·x = b in place, using the factor produced by <see cref="TryFactor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> factor, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++)
            {
                s -= factor[(i * n) + k] * b[k];
            }

            b[i] = s / factor[(i * n) + i];
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++)
            {
                s -= factor[(k * n) + i] * b[k];
            }

            b[i] = s / factor[(i * n) + i];
        }
    }
}
