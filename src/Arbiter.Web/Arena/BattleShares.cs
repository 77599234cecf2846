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
internal sealed class BattleShares(SharedBattleStates states, BattleTokens tokens, IArenaConversationStore store, TimeProvider time)
{
    /// <summary>
    /// The share id (the same one when asked again, on any node: the battle's state in the shared store holds it), or why not.
    /// </summary>
    public async Task<(string? ShareId, ShareFailure Failure)> ShareAsync(string battleId, string? token, CancellationToken cancellationToken = default)
    {
        if (tokens.Verify(token, out var id) != TokenCheck.Valid || id != battleId) return (null, ShareFailure.BadToken);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await states.AcquireAsync(id, cancellationToken).ConfigureAwait(false) is not { } battle) return (null, ShareFailure.UnknownBattle);
            var (shareId, failure, won) = await TryShareAsync(battle, cancellationToken).ConfigureAwait(false);
            // Lost to another node sharing it at the same moment: its link, read from the store, is the battle's one link.
            if (won) return (shareId, failure);
        }

        return (null, ShareFailure.UnknownBattle);
    }

    private async Task<(string? ShareId, ShareFailure Failure, bool Won)> TryShareAsync(ActiveBattle battle, CancellationToken cancellationToken)
    {
        var id = battle.Id;
        SharedBattle share;
        long version;
        lock (battle.Gate)
        {
            if (battle.Stage != BattleStage.Voted || battle.Winner is null) return (null, ShareFailure.NotVoted, true);
            if (battle.ShareId is { } existing) return (existing, ShareFailure.None, true);
            // 128 random bits, not the battle id: the battle id travels in stream URLs and the export.
            share = new SharedBattle(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), id, battle.A.Id, battle.B.Id, battle.Winner,
                time.GetUtcNow().ToUnixTimeMilliseconds())
            {
                Language = battle.Language,
                ConversationA = ConversationText.Serialize(battle.ConversationA),
                ConversationB = ConversationText.Serialize(battle.ConversationB),
            };
            battle.ShareId = share.ShareId;
            version = battle.Version;
        }

        // The link is the battle's once the store's state names it: one link per battle, whichever nodes are asked.
        if (!await states.CommitAsync(battle, version).ConfigureAwait(false)) return (null, ShareFailure.UnknownBattle, false);
        try
        {
            await store.AddSharedBattleAsync(share, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not stored: the next click tries again with a fresh id.
            lock (battle.Gate) (battle.ShareId, version) = (null, battle.Version);
            await states.CommitAsync(battle, version).ConfigureAwait(false);
            throw;
        }

        return (share.ShareId, ShareFailure.None, true);
    }
}
