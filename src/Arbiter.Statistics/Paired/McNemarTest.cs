using MathNet.Numerics.Distributions;

namespace Arbiter.Statistics.Paired;

/// <summary>McNemar's test on the discordant pairs of two binary-scored runs.</summary>
/// <param name="OnlyACorrect">b: pairs where A scored 1 and B scored 0.</param>
/// <param name="OnlyBCorrect">c: pairs where A scored 0 and B scored 1.</param>
/// <param name="ExactPValue">Exact two-sided p = min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½).</param>
/// <param name="MidPValue">Mid-p variant: 2·[P(X ≤ min(b, c)) − ½·P(X = min(b, c))], capped at 1; less conservative.</param>
public sealed record McNemarTest(int OnlyACorrect, int OnlyBCorrect, double ExactPValue, double MidPValue)
{
    /// <summary>Computes the test from the discordant counts. b = c = 0 gives p = 1 (no evidence of a difference).</summary>
    public static McNemarTest FromDiscordantCounts(int onlyACorrect, int onlyBCorrect)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyACorrect);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyBCorrect);
        int n = onlyACorrect + onlyBCorrect;
        if (n == 0)
        {
            return new McNemarTest(0, 0, 1, 1);
        }

        int k = Math.Min(onlyACorrect, onlyBCorrect);
        double cdf = Binomial.CDF(0.5, n, k);
        double pmf = Binomial.PMF(0.5, n, k);
        double exact = Math.Min(1, 2 * cdf);
        double mid = Math.Clamp(2 * (cdf - (0.5 * pmf)), 0, 1);
        return new McNemarTest(onlyACorrect, onlyBCorrect, exact, mid);
    }
}
