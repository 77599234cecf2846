using Arbiter.Statistics.Arena;

namespace Arbiter.Engine.Arena;

/// <summary>How leaderboard intervals are computed.</summary>
public enum IntervalMethod
{
    /// <summary>Multinomial bootstrap over battles (seeded), 2.5/97.5 % linear-interpolation quantiles.</summary>
    Bootstrap,

    /// <summary>Robust (sandwich) standard errors: rating ± z·SE.</summary>
    Sandwich,
}

/// <summary>Settings of an arena leaderboard.</summary>
public sealed record ArenaLeaderboardOptions
{
    /// <summary>Model whose rating is fixed (arena-hard's baseline convention); null: mean rating 1000.</summary>
    public string? AnchorModel { get; init; }

    /// <summary>Rating of <see cref="AnchorModel"/>. Default 1000.</summary>
    public double AnchorRating { get; init; } = 1000;

    /// <summary>Bootstrap rounds. Default 100, as the public arena.</summary>
    public int Rounds { get; init; } = 100;

    /// <summary>Bootstrap seed. Default 42.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Interval level. Default 0.95.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Interval method for the main board (the style-controlled board is always bootstrapped).</summary>
    public IntervalMethod Intervals { get; init; } = IntervalMethod.Bootstrap;

    /// <summary>Also fit the style-controlled board (length and markdown features).</summary>
    public bool StyleControl { get; init; }

    /// <summary>
    /// Models with fewer battles than this are marked <see cref="ArenaRow.Preliminary"/> (LMArena's
    /// "preliminary" badge): their interval is too wide, or held finite only by the prior, to rank on.
    /// Default 30.
    /// </summary>
    public int MinimumBattles { get; init; } = DefaultMinimumBattles;

    /// <summary>The default of <see cref="MinimumBattles"/>, shared by the CLI and the web.</summary>
    public const int DefaultMinimumBattles = 30;

    internal BradleyTerryOptions Ratings => new() { AnchorModel = AnchorModel, AnchorRating = AnchorRating };

    internal Statistics.Bootstrap.BootstrapOptions Bootstrap => new() { Rounds = Rounds, Seed = Seed, ConfidenceLevel = ConfidenceLevel };
}

/// <summary>One leaderboard row.</summary>
/// <param name="RankUb">Rank(UB): 1 + number of models whose lower bound is above this model's upper bound.</param>
/// <param name="Model">Model name.</param>
/// <param name="Rating">Point estimate on all battles.</param>
/// <param name="Lower">Lower interval bound.</param>
/// <param name="Upper">Upper interval bound.</param>
/// <param name="Battles">Battles the model took part in.</param>
/// <param name="Wins">Battles won.</param>
/// <param name="Losses">Battles lost.</param>
/// <param name="Ties">Ties (including "both bad").</param>
public sealed record ArenaRow(int RankUb, string Model, double Rating, double Lower, double Upper, int Battles, int Wins, int Losses, int Ties)
{
    /// <summary>Fewer battles than <see cref="ArenaLeaderboardOptions.MinimumBattles"/>: shown, but not to be ranked on.</summary>
    public bool Preliminary { get; init; }
}

/// <summary>A computed leaderboard with its matrices and diagnostics.</summary>
/// <param name="Rows">Rows sorted by rating, descending.</param>
/// <param name="StyleControlled">The style-controlled board, when asked for and possible.</param>
/// <param name="StyleCoefficients">Fitted style coefficients of <paramref name="StyleControlled"/>.</param>
/// <param name="Fit">The plain Bradley–Terry fit.</param>
/// <param name="WinRates">Observed win rates (ties ½).</param>
/// <param name="PredictedWinRates">Win rates predicted from the ratings.</param>
/// <param name="BattleCounts">Battles per pair.</param>
/// <param name="BattleCount">Battles used.</param>
/// <param name="Warnings">Diagnostics (skipped battles, non-existent MLE, missing anchor, missing style features…).</param>
public sealed record ArenaLeaderboardResult(
    IReadOnlyList<ArenaRow> Rows,
    IReadOnlyList<ArenaRow>? StyleControlled,
    IReadOnlyList<StyleCoefficient>? StyleCoefficients,
    BradleyTerryFit Fit,
    ModelMatrix WinRates,
    ModelMatrix PredictedWinRates,
    ModelMatrix BattleCounts,
    int BattleCount,
    IReadOnlyList<string> Warnings);
