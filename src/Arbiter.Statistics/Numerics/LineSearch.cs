namespace Arbiter.Statistics.Numerics;

/// <summary>Backtracking line search shared by the Newton solvers.</summary>
internal static class LineSearch
{
    /// <summary>
    /// Halves the step along <paramref name="direction"/> until the objective does not decrease (to a
    /// 1e-12 relative slack for rounding). Newton steps can overshoot far from the optimum or along the
    /// flat directions of a ridge-only fit; this keeps every accepted step an ascent step.
    /// <paramref name="evaluate"/> may normalise the trial point in place (e.g. centre θ) before scoring it.
    /// </summary>
    /// <returns>True and the new point copied into <paramref name="current"/> when a step was accepted.</returns>
    public static bool TryAscend(double[] current, double[] direction, double[] trial, ref double objective, Func<double[], double> evaluate)
    {
        double floor = objective - (1e-12 * Math.Abs(objective));
        for (double step = 1; step >= 1e-8; step /= 2)
        {
            for (int i = 0; i < current.Length; i++)
            {
                trial[i] = current[i] + (step * direction[i]);
            }

            double value = evaluate(trial);
            if (value >= floor)
            {
                Array.Copy(trial, current, current.Length);
                objective = value;
                return true;
            }
        }

        return false;
    }

    /// <summary>max_i |v_i|.</summary>
    public static double MaxAbs(ReadOnlySpan<double> values)
    {
        double norm = 0;
        foreach (double v in values)
        {
            norm = Math.Max(norm, Math.Abs(v));
        }

        return norm;
    }
}
