using System.Security.Cryptography;
using Arbiter.Core.Arena;

namespace Arbiter.Web.Arena;

/// <summary>Why a battle could not be shared.</summary>
public enum ShareFailure
{
    /// <summary>Shared.</summary>
    None,

    /// <summary>The token is not one of ours or has expired.</summary>
    BadToken,

    /// <summary>The battle is no longer in memory (its lifetime passed, or an admin cleared it).</summary>
    UnknownBattle,

    /// <summary>Not voted on yet: a battle is shared only after the reveal.</summary>
    NotVoted,
}

/// <summary>
/// Publishes a finished battle at an unguessable link when its voter asks. Only then is the text stored
/// (the voter chose to publish it, whatever the operator's conversation setting); the row names the models
/// and the verdict, never the voter.
/// </summary>
internal sealed class BattleShares(BattleSessions sessions, BattleTokens tokens, IArenaConversationStore store, TimeProvider time)
{
    /// <summary>The share id (the same one when asked again), or why not.</summary>
    public async Task<(string? ShareId, ShareFailure Failure)> ShareAsync(string battleId, string? token, CancellationToken cancellationToken = default)
    {
        if (tokens.Verify(token, out var id) != TokenCheck.Valid || id != battleId) return (null, ShareFailure.BadToken);
        if (sessions.Find(id) is not { } battle) return (null, ShareFailure.UnknownBattle);
        SharedBattle share;
        lock (battle.Gate)
        {
            if (battle.Stage != BattleStage.Voted || battle.Winner is null) return (null, ShareFailure.NotVoted);
            if (battle.ShareId is { } existing) return (existing, ShareFailure.None);
            // 128 random bits, not the battle id: the battle id travels in stream URLs and the export.
            share = new SharedBattle(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), id, battle.A.Id, battle.B.Id, battle.Winner,
                time.GetUtcNow().ToUnixTimeMilliseconds())
            {
                Language = battle.Language,
                ConversationA = ConversationText.Serialize(battle.ConversationA),
                ConversationB = ConversationText.Serialize(battle.ConversationB),
            };
            battle.ShareId = share.ShareId;
        }

        try
        {
            await store.AddSharedBattleAsync(share, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not stored: the next click tries again with a fresh id.
            lock (battle.Gate) battle.ShareId = null;
            throw;
        }

        return (share.ShareId, ShareFailure.None);
    }
}
