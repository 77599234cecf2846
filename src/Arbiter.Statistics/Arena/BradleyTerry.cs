using System.Collections.Immutable;
using System.Globalization;

namespace Arbiter.Statistics.Arena;

/// <summary>Maximum-likelihood Bradley–Terry ratings from battles (ties = ½ win each side).</summary>
public static partial class BradleyTerry
{
    /// <summary>Fits ratings to <paramref name="battles"/>.</summary>
    public static BradleyTerryFit Fit(IEnumerable<Battle> battles, BradleyTerryOptions? options = null)
        => Fit(BattleSet.From(battles), options);

    /// <summary>
    /// Fits ratings to an indexed battle set. Never returns NaN or infinities: when the MLE does not
    /// exist the documented ridge prior is applied and <see cref="BradleyTerryFit.Warnings"/> says why.
    /// No battles give an empty fit.
    /// </summary>
    public static BradleyTerryFit Fit(BattleSet battles, BradleyTerryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(battles);
        options ??= BradleyTerryOptions.Default;
        options.Validate();
        int n = battles.Models.Length;
        var warnings = new List<string>(battles.Warnings);
        int anchor = ResolveAnchor(battles, options, warnings);
        List<string> existence = ComparisonGraph.Diagnose(battles.Wins, n, battles.Models);
        warnings.AddRange(existence);
        bool ridgeApplied = existence.Count > 0;
        double[] theta = new double[n];
        SolveStatus status = new BradleyTerrySolver(n).Solve(battles.Wins, theta, ridgeApplied ? options.Ridge : 0, options.MaxIterations, options.Tolerance);
        if (!status.Converged)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"Newton's method stopped after {status.Iterations} iteration(s) without converging (gradient norm {status.GradientNorm:G4})."));
        }

        return Build(battles, options, theta, anchor, status, ridgeApplied, warnings, styleControlled: false);
    }

    internal static BradleyTerryFit Build(
        BattleSet battles, BradleyTerryOptions options, double[] theta, int anchor, SolveStatus status, bool ridgeApplied, List<string> warnings, bool styleControlled)
    {
        double[] ratings = new double[theta.Length];
        options.ToRatings(theta, anchor, ratings);
        return new BradleyTerryFit
        {
            Battles = battles,
            Theta = ImmutableArray.Create(theta),
            Ratings = ImmutableArray.Create(ratings),
            Iterations = status.Iterations,
            Converged = status.Converged,
            GradientNorm = status.GradientNorm,
            LogLikelihood = status.LogLikelihood,
            RidgeApplied = ridgeApplied,
            AnchorIndex = anchor,
            Options = options,
            Warnings = warnings.AsReadOnly(),
            IsStyleControlled = styleControlled,
        };
    }

    internal static int ResolveAnchor(BattleSet battles, BradleyTerryOptions options, List<string> warnings)
    {
        if (options.AnchorModel is null)
        {
            return -1;
        }

        int anchor = battles.IndexOf(options.AnchorModel);
        if (anchor < 0)
        {
            warnings.Add($"Anchor model '{options.AnchorModel}' has no battles; ratings are mean-based instead.");
        }

        return anchor;
    }
}
