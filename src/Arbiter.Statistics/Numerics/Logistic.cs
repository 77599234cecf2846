namespace Arbiter.Statistics.Numerics;

/// <summary>Numerically stable logistic helpers (no overflow for large |x|).</summary>
internal static class Logistic
{
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>log σ(x) = −log(1 + e^(−x)).</summary>
    public static double LogSigmoid(double x) => x >= 0 ? -Math.Log(1 + Math.Exp(-x)) : x - Math.Log(1 + Math.Exp(x));
}
