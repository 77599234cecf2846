using System.Text.Json;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena.Integrity;
using Arbiter.Web.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Arena;

/// <summary>
/// What a vote needs of a battle another node ran: the pair, the board's filters, the record's fields, and for the
/// limits and signals the prompt's keyed hash and the answers' length. Conversations are in their stored form — hashes
/// unless the operator keeps conversation text — so no text leaves the node that ran the battle unless it would be
/// stored with the vote anyway.
/// </summary>
internal sealed record BattleVoteState(string ModelA, string ModelB, string Language, string Category, string StartedBy, long CreatedMs, int Turns,
    bool Flagged, AnswerStyle? StyleA, AnswerStyle? StyleB, string StoredA, string StoredB, string PromptHash, long AnswersStartedMs, int AnswerChars);

/// <summary>
/// Battles ready for a vote, in the shared store: the node that ran a battle saves it when both answers are in and
/// forgets it when a follow-up or a regenerate starts, so a load balancer may send the vote to any node. The stream,
/// follow-ups, stop and regenerate stay with the node that holds the battle's model calls.
/// </summary>
internal sealed class SharedBattleStates(IWebNodeStateStore store, ArenaModels models, VoteLedger ledger, TimeProvider time, ILogger<SharedBattleStates> log)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Saves <paramref name="battle"/> (ready for a vote) for the other nodes; a store failure only keeps the vote on this node.</summary>
    public async Task SaveAsync(ActiveBattle battle, bool keepText, CancellationToken cancellationToken = default)
    {
        BattleVoteState state;
        lock (battle.Gate)
        {
            if (battle.Stage != BattleStage.Ready) return;
            state = new BattleVoteState(battle.A.Id, battle.B.Id, battle.Language, battle.Category, battle.Voter, battle.CreatedMs, battle.Turns,
                battle.Flagged, battle.StyleA, battle.StyleB, ConversationText.Stored(battle.ConversationA, keepText),
                ConversationText.Stored(battle.ConversationB, keepText), ledger.HashPrompt(battle.FirstPrompt ?? ""), battle.AnswersStartedMs, AnswerChars(battle));
        }

        try
        {
            await store.SaveBattleStateAsync(new ArenaBattleState(battle.Id, JsonSerializer.Serialize(state, Json), time.GetUtcNow().ToUnixTimeMilliseconds()),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.BattleStateNotShared(log, battle.Id, ex);
        }
    }

    /// <summary>Forgets the saved state: the battle left the ready stage here.</summary>
    public async Task ForgetAsync(string battleId, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.DeleteBattleStateAsync(battleId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A stale state could take a vote on the previous turn elsewhere; the claim still allows one vote only.
            Log.BattleStateNotShared(log, battleId, ex);
        }
    }

    /// <summary>The battle another node saved, ready for a vote here, or null (unknown, or a model no longer in the roster).</summary>
    public async Task<ActiveBattle?> LoadAsync(string battleId, CancellationToken cancellationToken = default)
    {
        if (await store.FindBattleStateAsync(battleId, cancellationToken).ConfigureAwait(false) is not { } saved) return null;
        var s = JsonSerializer.Deserialize<BattleVoteState>(saved.StateJson, Json);
        if (s is null || models.Find(s.ModelA) is not { } a || models.Find(s.ModelB) is not { } b) return null;
        return new ActiveBattle(battleId, a, b, s.Language, s.Category, s.StartedBy, s.CreatedMs)
        {
            Stage = BattleStage.Ready,
            Turns = s.Turns,
            Flagged = s.Flagged,
            StyleA = s.StyleA,
            StyleB = s.StyleB,
            AnswersStartedMs = s.AnswersStartedMs,
            Remote = new RemoteBattle(s.StoredA, s.StoredB, s.PromptHash, s.AnswerChars),
        };
    }

    /// <summary>Characters of both answers together (the fast-vote signal's reading time).</summary>
    public static int AnswerChars(ActiveBattle battle) =>
        battle.Remote?.AnswerChars ?? battle.ConversationA.Concat(battle.ConversationB).Where(t => t.Role == "assistant").Sum(t => t.Content.Length);
}

/// <summary>A battle loaded from another node's saved state: its conversations only in stored form, its prompt only as a hash.</summary>
internal sealed record RemoteBattle(string StoredA, string StoredB, string PromptHash, int AnswerChars);
