namespace Arbiter.Core.Arena;

/// <summary>Which battles a leaderboard or an export uses. Null members do not filter.</summary>
/// <param name="Language">Only battles in this language (exact, case-insensitive).</param>
/// <param name="Category">Only battles of this category (exact, case-insensitive).</param>
/// <param name="AnonymousOnly">Only anonymous battles that are not flagged for self-identification.</param>
/// <param name="ExcludeTies">Drop <c>tie</c> and <c>tie (bothbad)</c>.</param>
/// <param name="Judge">Only battles decided by this voter or judge model.</param>
public sealed record BattleFilter(
    string? Language = null,
    string? Category = null,
    bool AnonymousOnly = false,
    bool ExcludeTies = false,
    string? Judge = null)
{
    /// <summary>No filtering.</summary>
    public static BattleFilter All { get; } = new();

    /// <summary>True when <paramref name="battle"/> passes the filter (the same rule the stores apply in SQL).</summary>
    public bool Matches(ArenaBattle battle)
    {
        ArgumentNullException.ThrowIfNull(battle);
        return (Language is null || string.Equals(battle.Language, Language, StringComparison.OrdinalIgnoreCase))
            && (Category is null || string.Equals(battle.Category, Category, StringComparison.OrdinalIgnoreCase))
            && (!AnonymousOnly || (battle.Anonymous && !battle.Flagged))
            && (!ExcludeTies || !BattleWinner.IsTie(battle.Winner))
            && (Judge is null || string.Equals(battle.Judge, Judge, StringComparison.Ordinal));
    }
}
