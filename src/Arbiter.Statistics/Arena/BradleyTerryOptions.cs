namespace Arbiter.Statistics.Arena;

/// <summary>Settings of a Bradley–Terry fit and of the rating scale.</summary>
public sealed record BradleyTerryOptions
{
    /// <summary>The defaults: Elo scale 400, mean 1000, no anchor.</summary>
    public static BradleyTerryOptions Default { get; } = new();

    /// <summary>Elo points per factor-10 in odds. Rating = Scale·θ/ln 10 + offset. Default 400.</summary>
    public double Scale { get; init; } = 400;

    /// <summary>Mean rating when no anchor is set. Default 1000.</summary>
    public double BaseRating { get; init; } = 1000;

    /// <summary>When set, ratings are shifted so that this model has <see cref="AnchorRating"/> (mean then not 1000).
    /// An anchor that is not among the models is reported as a warning and ignored.</summary>
    public string? AnchorModel { get; init; }

    /// <summary>Rating of <see cref="AnchorModel"/>. Default 1000.</summary>
    public double AnchorRating { get; init; } = 1000;

    /// <summary>Newton iteration cap. Default 100.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Convergence when max |∂ℓ/∂θ_i| ≤ Tolerance · max(1, total battle weight). Default 1e-10.</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>
    /// L2 penalty λ (−λ/2·‖θ‖²) applied <b>only</b> when the maximum-likelihood estimate does not exist
    /// (disconnected graph, a model with only wins or only losses, ...). It keeps every rating finite;
    /// when the MLE exists the fit is the pure MLE. Default 1e-4 (tiny against the information of even
    /// one battle, ≈ ¼).
    /// </summary>
    public double Ridge { get; init; } = 1e-4;

    internal void Validate()
    {
        if (!(Scale > 0) || !double.IsFinite(Scale) || !double.IsFinite(BaseRating) || !double.IsFinite(AnchorRating))
        {
            throw new ArgumentOutOfRangeException(nameof(Scale), "Scale must be positive; ratings finite.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxIterations, nameof(MaxIterations));
        if (!(Tolerance > 0) || !(Ridge > 0) || double.IsInfinity(Ridge))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), "Tolerance and Ridge must be positive and finite.");
        }
    }

    /// <summary>Ratings from sum-zero θ; <paramref name="anchorIndex"/> −1 means mean-based.</summary>
    internal void ToRatings(ReadOnlySpan<double> theta, int anchorIndex, Span<double> ratings)
    {
        double factor = Scale / Math.Log(10);
        double offset = anchorIndex >= 0 ? AnchorRating - (factor * theta[anchorIndex]) : BaseRating;
        for (int i = 0; i < theta.Length; i++)
        {
            ratings[i] = (factor * theta[i]) + offset;
        }

        if (anchorIndex >= 0)
        {
            // Exact, so that the anchor equals AnchorRating bit for bit in every bootstrap round too.
            ratings[anchorIndex] = AnchorRating;
        }
    }
}
