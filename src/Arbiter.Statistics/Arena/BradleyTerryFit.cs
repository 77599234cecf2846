using System.Collections.Immutable;

namespace Arbiter.Statistics.Arena;

/// <summary>A fitted Bradley–Terry model. Immutable; index i of every list refers to <see cref="Models"/>[i].</summary>
public sealed record BradleyTerryFit
{
    /// <summary>The battles the model was fitted on.</summary>
    public required BattleSet Battles { get; init; }

    /// <summary>Models in ordinal order.</summary>
    public ImmutableArray<string> Models => Battles.Models;

    /// <summary>Log-strengths θ with Σθ = 0.</summary>
    public required ImmutableArray<double> Theta { get; init; }

    /// <summary>Ratings: Scale·θ/ln 10 + 1000 (mean 1000), or shifted so the anchor has its rating.</summary>
    public required ImmutableArray<double> Ratings { get; init; }

    /// <summary>Strengths exp(θ) (geometric mean 1).</summary>
    public ImmutableArray<double> Strengths => [.. Theta.Select(Math.Exp)];

    /// <summary>Newton iterations performed.</summary>
    public required int Iterations { get; init; }

    /// <summary>True when the gradient norm fell below the tolerance.</summary>
    public required bool Converged { get; init; }

    /// <summary>Max |gradient| of the (penalised) log-likelihood at the solution.</summary>
    public required double GradientNorm { get; init; }

    /// <summary>The (penalised) log-likelihood at the solution.</summary>
    public required double LogLikelihood { get; init; }

    /// <summary>True when the MLE did not exist and the ridge prior was used.</summary>
    public required bool RidgeApplied { get; init; }

    /// <summary>Index of the anchor model, or −1 when ratings are mean-based.</summary>
    public required int AnchorIndex { get; init; }

    /// <summary>The options used.</summary>
    public required BradleyTerryOptions Options { get; init; }

    /// <summary>Diagnostics: skipped battles, non-existence of the MLE (naming models/components), missing anchor, non-convergence.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>True for ratings from style control (θ then excludes the style effects).</summary>
    public bool IsStyleControlled { get; init; }

    /// <summary>The rating of <paramref name="model"/>.</summary>
    /// <exception cref="KeyNotFoundException">Unknown model.</exception>
    public double RatingOf(string model)
    {
        int i = Battles.IndexOf(model);
        return i >= 0 ? Ratings[i] : throw new KeyNotFoundException($"Model '{model}' is not in the fit.");
    }
}
