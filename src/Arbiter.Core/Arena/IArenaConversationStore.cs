using System.Security.Cryptography;
using System.Text;

namespace Arbiter.Core.Arena;

/// <summary>
/// A finished battle a voter chose to publish: both conversations with the models' names revealed and the
/// verdict, behind an unguessable id. It names no voter: who voted stays in the battle row only.
/// </summary>
/// <param name="ShareId">The link's id (128 random bits, hex): the only way to find the row.</param>
/// <param name="BattleId">The battle it shows.</param>
/// <param name="ModelA">Who A was.</param>
/// <param name="ModelB">Who B was.</param>
/// <param name="Winner">The verdict, one of the <see cref="BattleWinner"/> spellings.</param>
/// <param name="SharedAtMs">When the voter shared it, UTC unix milliseconds (retention counts from here).</param>
public sealed record SharedBattle(string ShareId, string BattleId, string ModelA, string ModelB, string Winner, long SharedAtMs)
{
    /// <summary>Language of the first prompt.</summary>
    public string? Language { get; init; }

    /// <summary>A's conversation: JSON array of <c>{"Role","Content"}</c> turns, as battles store it.</summary>
    public required string ConversationA { get; init; }

    /// <summary>B's conversation, same shape.</summary>
    public required string ConversationB { get; init; }
}

/// <summary>What a retention purge did.</summary>
/// <param name="Battles">Battles whose conversation text was replaced by its hash.</param>
/// <param name="Shares">Shared battles deleted.</param>
/// <param name="BlockedPrompts">Blocked-prompt excerpts blanked.</param>
public sealed record ConversationPurge(int Battles, int Shares, int BlockedPrompts)
{
    /// <summary>Rows changed in all.</summary>
    public int Total => Battles + Shares + BlockedPrompts;
}

/// <summary>
/// Conversation text the arena keeps: battles a voter shared by link, and the retention purge that removes
/// text older than the operator's period (votes stay: only their text goes, replaced by its hash).
/// </summary>
public interface IArenaConversationStore
{
    /// <summary>Stores a shared battle; false when the share id exists already (nothing changes then).</summary>
    Task<bool> AddSharedBattleAsync(SharedBattle share, CancellationToken cancellationToken = default);

    /// <summary>The shared battle with this id, or null.</summary>
    Task<SharedBattle?> FindSharedBattleAsync(string shareId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes conversation text stored before <paramref name="beforeMs"/> (UTC unix ms): a battle's stored conversations become
    /// their <see cref="ConversationHash"/>, shared battles are deleted, blocked-prompt excerpts are blanked. Idempotent.
    /// </summary>
    Task<ConversationPurge> PurgeConversationsAsync(long beforeMs, CancellationToken cancellationToken = default);
}

/// <summary>The one spelling of a conversation's hash, used when text is not kept and when retention removes it.</summary>
public static class ConversationHash
{
    /// <summary>The prefix every hash starts with (stored text never does: it is a JSON array).</summary>
    public const string Prefix = "sha256:";

    /// <summary><c>sha256:</c> and the hex SHA-256 of the UTF-8 <paramref name="json"/>.</summary>
    public static string Of(string json) => Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    /// <summary>True when <paramref name="stored"/> is a hash rather than text.</summary>
    public static bool IsHash(string? stored) => stored is null || stored.StartsWith(Prefix, StringComparison.Ordinal);
}
