namespace Arbiter.Core.Arena;

/// <summary>Which battles a leaderboard or an export uses. Null members do not filter.</summary>
/// <param name="Language">Only battles in this language (exact, case-insensitive).</param>
/// <param name="Category">Only battles of this category (exact, case-insensitive).</param>
/// <param name="AnonymousOnly">Only anonymous battles that are not flagged for self-identification.</param>
/// <param name="ExcludeTies">Drop <c>tie</c> and <c>tie (bothbad)</c>.</param>
/// <param name="Judge">Only battles decided by this voter or judge model.</param>
/// <param name="ExcludeFlagged">Drop battles where a model revealed its identity (the vote was not blind).</param>
/// <param name="ExcludeVoided">Drop battles an operator voided (they stay stored and exported, flagged).</param>
public sealed record BattleFilter(
    string? Language = null,
    string? Category = null,
    bool AnonymousOnly = false,
    bool ExcludeTies = false,
    string? Judge = null,
    bool ExcludeFlagged = false,
    bool ExcludeVoided = false)
{
    /// <summary>No filtering.</summary>
    public static BattleFilter All { get; } = new();

    /// <summary>
    /// The leaderboard's default, the same in <c>arbiter arena leaderboard</c> and on the web: every
    /// battle except those where a model revealed itself (those votes were not blind) and those an
    /// operator voided. Judge and imported battles count; <see cref="AnonymousOnly"/> narrows to blind human votes.
    /// </summary>
    public static BattleFilter Board { get; } = new(ExcludeFlagged: true, ExcludeVoided: true);

    /// <summary>True when <paramref name="battle"/> passes the filter (the same rule the stores apply in SQL).</summary>
    public bool Matches(ArenaBattle battle)
    {
        ArgumentNullException.ThrowIfNull(battle);
        return (Language is null || string.Equals(battle.Language, Language, StringComparison.OrdinalIgnoreCase))
            && (Category is null || string.Equals(battle.Category, Category, StringComparison.OrdinalIgnoreCase))
            && (!AnonymousOnly || (battle.Anonymous && !battle.Flagged))
            && (!ExcludeFlagged || !battle.Flagged)
            && (!ExcludeVoided || battle.VoidedAtMs is null)
            && (!ExcludeTies || !BattleWinner.IsTie(battle.Winner))
            && (Judge is null || string.Equals(battle.Judge, Judge, StringComparison.Ordinal));
    }
}
