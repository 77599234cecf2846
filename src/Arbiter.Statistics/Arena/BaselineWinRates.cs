namespace Arbiter.Statistics.Arena;

/// <summary>A model's predicted win rate against a baseline, with a bootstrap interval.</summary>
/// <param name="Model">Model name.</param>
/// <param name="WinRate">Predicted P(model beats baseline) from the point ratings.</param>
/// <param name="Lower">Lower percentile bound over bootstrap rounds.</param>
/// <param name="Upper">Upper percentile bound over bootstrap rounds.</param>
public sealed record WinRateEstimate(string Model, double WinRate, double Lower, double Upper);

/// <summary>Arena-Hard-style scores: predicted win rate of every model against one baseline.</summary>
public static class BaselineWinRates
{
    /// <summary>
    /// For each model (in model order), 1 / (1 + 10^((r_baseline − r_model)/Scale)) from the point
    /// ratings, and the linear-interpolation quantiles of the same quantity over the bootstrap rounds
    /// (level of the bootstrap). The baseline itself gets 0.5 [0.5, 0.5].
    /// </summary>
    /// <exception cref="ArgumentException">The baseline is not among the models.</exception>
    public static IReadOnlyList<WinRateEstimate> Compute(BradleyTerryBootstrap bootstrap, string baseline)
    {
        ArgumentNullException.ThrowIfNull(bootstrap);
        BradleyTerryFit fit = bootstrap.Fit;
        int b = fit.Battles.IndexOf(baseline);
        if (b < 0)
        {
            throw new ArgumentException($"Baseline '{baseline}' is not among the models.", nameof(baseline));
        }

        int n = fit.Models.Length;
        double scale = fit.Options.Scale;
        var options = new Bootstrap.BootstrapOptions { Rounds = bootstrap.Rounds, ConfidenceLevel = bootstrap.ConfidenceLevel };
        double[] rates = new double[bootstrap.Rounds];
        var result = new WinRateEstimate[n];
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < rates.Length; r++)
            {
                rates[r] = ArenaMatrices.WinProbability(bootstrap.Samples[(r * n) + i], bootstrap.Samples[(r * n) + b], scale);
            }

            double point = ArenaMatrices.WinProbability(fit.Ratings[i], fit.Ratings[b], scale);
            RatingInterval interval = BradleyTerry.PercentileInterval(fit.Models[i], point, rates, options);
            result[i] = i == b
                ? new WinRateEstimate(fit.Models[i], 0.5, 0.5, 0.5)
                : new WinRateEstimate(fit.Models[i], point, interval.Lower, interval.Upper);
        }

        return result;
    }
}
