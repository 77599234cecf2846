using System.Text.Json;
using Arbiter.Core.Arena;
using Arbiter.Core.Suites;
using Arbiter.Web.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Arena;

/// <summary>
/// A battle as the shared store keeps it: the pair, the board's filters and the record's fields in the clear, and its
/// text (<see cref="BattleText"/>) only sealed under the operator's secret (<see cref="BattleSeal"/>).
/// </summary>
internal sealed record BattleSharedState(string ModelA, string ModelB, string Language, string Category, string StartedBy, long CreatedMs, int Turns,
    bool Flagged, AnswerStyle? StyleA, AnswerStyle? StyleB, long AnswersStartedMs, string Sealed, string? Winner, string? ShareId);

/// <summary>What is sealed: both conversations, the turn waiting for its stream and the first prompt.</summary>
internal sealed record BattleText(List<ChatTurn> A, List<ChatTurn> B, string? Pending, string? First);

/// <summary>
/// Battles in the shared store, so a load balancer may send any request of a battle to any node: the node that changes a
/// battle replaces its state only if no other node changed it first (the store's version), and a node that finds its
/// memory behind the store's version continues from the store. Only the model calls of a turn being answered stay on
/// one node; another node can ask it to stop (<see cref="RequestStopAsync"/>).
/// </summary>
internal sealed class SharedBattleStates(IWebNodeStateStore store, BattleSessions sessions, ArenaModels models, BattleSeal seal, TimeProvider time,
    ILogger<SharedBattleStates> log)
{
    /// <summary>
    /// A turn still "streaming" in the store this long after its node claimed it is taken for abandoned (that node
    /// stopped without saying so): elsewhere it counts as failed, so a regenerate on any node asks again.
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Shares a new battle (version 1); a store failure only keeps the battle on this node.</summary>
    public async Task PublishAsync(ActiveBattle battle, CancellationToken cancellationToken = default)
    {
        var state = Snapshot(battle, 1);
        try
        {
            await store.SaveBattleStateAsync(state, cancellationToken).ConfigureAwait(false);
            lock (battle.Gate) battle.Version = 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.BattleStateNotShared(log, battle.Id, ex);
        }
    }

    /// <summary>
    /// Replaces the store's state with <paramref name="battle"/>'s if the store is still at <paramref name="expected"/>;
    /// false when another node changed the battle first (this node's copy is then dropped: the store's is newer).
    /// A battle never shared, or a store failure, keeps the change on this node only. Not cancellable: this node's copy
    /// has changed already, and a request that left must not leave the store behind it.
    /// </summary>
    public async Task<bool> CommitAsync(ActiveBattle battle, long expected)
    {
        if (expected == 0) return true;
        var state = Snapshot(battle, expected + 1);
        bool replaced;
        try
        {
            replaced = await store.ReplaceBattleStateAsync(state, expected, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.BattleStateNotShared(log, battle.Id, ex);
            return true;
        }

        if (!replaced)
        {
            sessions.Remove(battle.Id);
            Log.BattleStateConflict(log, battle.Id, expected);
            return false;
        }

        lock (battle.Gate) battle.Version = expected + 1;
        return true;
    }

    /// <summary>
    /// The battle as the store has it: this node's copy when it is current, else one rebuilt from the store (kept here
    /// unless it is being answered on another node: <see cref="ActiveBattle.StreamingElsewhere"/>). Null when unknown.
    /// </summary>
    public async Task<ActiveBattle?> AcquireAsync(string battleId, CancellationToken cancellationToken = default)
    {
        var local = sessions.Find(battleId);
        ArenaBattleState? saved;
        try
        {
            saved = await store.FindBattleStateAsync(battleId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.BattleStateNotShared(log, battleId, ex);
            return local;
        }

        // Never shared (its save failed), pruned or cleared: only this node's memory can know it.
        if (saved is null) return local;
        if (local is not null)
        {
            lock (local.Gate)
            {
                if (local.Version == saved.Version) return local;
            }
        }

        if (Rebuild(saved) is not { } battle) return null;
        if (!battle.StreamingElsewhere) sessions.Add(battle);
        else sessions.Remove(battleId);
        return battle;
    }

    /// <summary>Asks the node answering <paramref name="version"/> of the battle to stop; false when that turn is over.</summary>
    public async Task<bool> RequestStopAsync(string battleId, long version, CancellationToken cancellationToken = default) =>
        await store.RequestBattleStopAsync(battleId, version, cancellationToken).ConfigureAwait(false);

    /// <summary>Whether another node asked to stop <paramref name="version"/> (false when the store cannot be read: the local Stop still works).</summary>
    public async Task<bool> StopRequestedAsync(string battleId, long version, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.FindBattleStateAsync(battleId, cancellationToken).ConfigureAwait(false) is { } s && s.Version == version && s.StopRequested;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.BattleStateNotShared(log, battleId, ex);
            return false;
        }
    }

    /// <summary>Forgets every shared battle (the admin's "delete pending battles").</summary>
    public Task<int> ClearAsync(CancellationToken cancellationToken = default) => store.PruneWebNodeStateAsync(long.MaxValue, 0, cancellationToken);

    /// <summary>Characters of both answers together (the fast-vote signal's reading time).</summary>
    public static int AnswerChars(ActiveBattle battle) =>
        battle.ConversationA.Concat(battle.ConversationB).Where(t => t.Role == "assistant").Sum(t => t.Content.Length);

    private ArenaBattleState Snapshot(ActiveBattle battle, long version)
    {
        lock (battle.Gate)
        {
            var text = new BattleText([.. battle.ConversationA], [.. battle.ConversationB], battle.PendingPrompt, battle.FirstPrompt);
            var state = new BattleSharedState(battle.A.Id, battle.B.Id, battle.Language, battle.Category, battle.Voter, battle.CreatedMs, battle.Turns,
                battle.Flagged, battle.StyleA, battle.StyleB, battle.AnswersStartedMs, seal.Seal(battle.Id, JsonSerializer.Serialize(text, Json)),
                battle.Winner, battle.ShareId);
            // A vote being decided is still a ready battle to the other nodes: the store's claim decides the vote.
            var stage = battle.Stage == BattleStage.Voting ? BattleStage.Ready : battle.Stage;
            return new ArenaBattleState(battle.Id, JsonSerializer.Serialize(state, Json), time.GetUtcNow().ToUnixTimeMilliseconds())
            {
                Stage = stage.ToString().ToLowerInvariant(),
                Version = version,
            };
        }
    }

    private ActiveBattle? Rebuild(ArenaBattleState saved)
    {
        var s = JsonSerializer.Deserialize<BattleSharedState>(saved.StateJson, Json);
        if (s is null || !Enum.TryParse<BattleStage>(saved.Stage, ignoreCase: true, out var stage)) return null;
        // A model no longer in the roster, or text sealed under another secret: the battle cannot continue here.
        if (models.Find(s.ModelA) is not { } a || models.Find(s.ModelB) is not { } b) return null;
        if (stage == BattleStage.Streaming && time.GetUtcNow().ToUnixTimeMilliseconds() - saved.SavedAtMs > AbandonedAfter.TotalMilliseconds)
        {
            stage = BattleStage.Failed;
        }

        if (seal.Open(saved.BattleId, s.Sealed) is not { } json || JsonSerializer.Deserialize<BattleText>(json, Json) is not { } text) return null;
        var battle = new ActiveBattle(saved.BattleId, a, b, s.Language, s.Category, s.StartedBy, s.CreatedMs)
        {
            Stage = stage,
            Version = saved.Version,
            Turns = s.Turns,
            Flagged = s.Flagged,
            StyleA = s.StyleA,
            StyleB = s.StyleB,
            AnswersStartedMs = s.AnswersStartedMs,
            PendingPrompt = text.Pending,
            FirstPrompt = text.First,
            Winner = s.Winner,
            ShareId = s.ShareId,
            StreamingElsewhere = stage == BattleStage.Streaming,
        };
        battle.ConversationA.AddRange(text.A);
        battle.ConversationB.AddRange(text.B);
        return battle;
    }
}
