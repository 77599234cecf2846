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
            ReadOnlySpan<double> rowJ = a.Slice(j * n, j);
            double diagonal = a[(j * n) + j] - Dot(rowJ, rowJ);

            if (!(diagonal > 0) || !double.IsFinite(diagonal))
            {
                return false;
            }

            double ljj = Math.Sqrt(diagonal);
            a[(j * n) + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                // Row i and row j of L are contiguous to column j: the inner product is a vectorised dot.
                a[(i * n) + j] = (a[(i * n) + j] - Dot(a.Slice(i * n, j), rowJ)) / ljj;
            }
        }

        return true;
    }

    /// <summary>Σ x·y with SIMD lanes (the factorisation's O(n³) inner loop).</summary>
    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int k = 0;
        double sum = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && x.Length >= System.Numerics.Vector<double>.Count * 2)
        {
            var acc = System.Numerics.Vector<double>.Zero;
            int width = System.Numerics.Vector<double>.Count;
            for (; k <= x.Length - width; k += width)
            {
                acc += new System.Numerics.Vector<double>(x.Slice(k, width)) * new System.Numerics.Vector<double>(y.Slice(k, width));
            }

            sum = System.Numerics.Vector.Sum(acc);
        }

        for (; k < x.Length; k++)
        {
            sum += x[k] * y[k];
        }

        return sum;
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
