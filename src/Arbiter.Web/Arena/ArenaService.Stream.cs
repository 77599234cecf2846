using System.Threading.Channels;
using Arbiter.Core.Suites;
using Arbiter.Engine.Arena;
using Arbiter.Engine.Text;
using Arbiter.Web.Hosting;

namespace Arbiter.Web.Arena;

/// <summary>What became of a request for a battle's answer stream.</summary>
internal enum StreamOutcome
{
    /// <summary>This node answered the turn.</summary>
    Streamed,

    /// <summary>No such battle, or no turn waiting for its stream (it was opened already).</summary>
    NothingPending,

    /// <summary>Another node is answering the turn: its stream can be read only there.</summary>
    Elsewhere,
}

/// <summary>What became of a Stop.</summary>
internal enum StopOutcome
{
    /// <summary>This node was answering and cancelled the model calls.</summary>
    Stopped,

    /// <summary>Another node is answering: it was asked, through the store, to stop (within <see cref="ArenaService.StopPollInterval"/>).</summary>
    Requested,

    /// <summary>Bad token, or nothing is being answered.</summary>
    NothingStreaming,
}

internal sealed partial class ArenaService
{
    /// <summary>How often the node answering a turn looks for a Stop that reached another node.</summary>
    public static readonly TimeSpan StopPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Runs the pending turn on both models, writing events as the answers arrive. The turn is claimed in the store
    /// first, so whichever node the stream request reaches answers it, and only that one.
    /// </summary>
    public async Task<StreamOutcome> StreamAsync(string battleId, Func<ArenaEvent, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (await states.AcquireAsync(battleId, cancellationToken).ConfigureAwait(false) is not { } battle) return StreamOutcome.NothingPending;
        if (battle.StreamingElsewhere)
        {
            Log.BattleStreamingElsewhere(log, battleId, "stream");
            return StreamOutcome.Elsewhere;
        }

        long claimed;
        lock (battle.Gate)
        {
            if (battle.Stage != BattleStage.Pending || battle.PendingPrompt is null) return StreamOutcome.NothingPending;
            battle.Stage = BattleStage.Streaming;
            battle.AnswersStartedMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            var prompt = battle.PendingPrompt;
            battle.PendingPrompt = null;
            battle.ConversationA.Add(new ChatTurn("user", prompt));
            battle.ConversationB.Add(new ChatTurn("user", prompt));
            claimed = battle.Version;
        }

        // Of two nodes opening the same turn's stream, one answers it.
        if (!await states.CommitAsync(battle, claimed).ConfigureAwait(false))
        {
            Log.BattleStreamingElsewhere(log, battleId, "stream");
            return StreamOutcome.Elsewhere;
        }

        // The voter's Stop cancels this source (here, or through the store from another node); so does the voter leaving.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (battle.Gate) battle.Stopping = stop;
        var watch = WatchForStopAsync(battle, stop);
        try
        {
            return await AnswerAsync(battle, stop, write, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }
    }

    private async Task<StreamOutcome> AnswerAsync(ActiveBattle battle, CancellationTokenSource stop, Func<ArenaEvent, Task> write,
        CancellationToken cancellationToken)
    {
        var events = Channel.CreateUnbounded<ArenaEvent>(new UnboundedChannelOptions { SingleReader = true });
        var sideA = runner.RunAsync(battle.A, [.. battle.ConversationA], "a", events.Writer, stop.Token);
        var sideB = runner.RunAsync(battle.B, [.. battle.ConversationB], "b", events.Writer, stop.Token);
        var both = Task.WhenAll(sideA, sideB).ContinueWith(t =>
        {
            _ = t.Exception; // observed: a stopped call ends in OperationCanceledException, reported by the stop itself
            events.Writer.TryComplete();
        }, TaskScheduler.Default);
        try
        {
            await foreach (var e in events.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false)) await write(e).ConfigureAwait(false);
            await both.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The voter left mid-stream: nothing to vote on (a regenerate, on any node, asks again).
            long left;
            lock (battle.Gate) (battle.Stage, battle.Stopping, left) = (BattleStage.Failed, null, battle.Version);
            await states.CommitAsync(battle, left).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException)
        {
            // Stopped by the voter: handled below, the stream stays open to say so.
        }

        if (stop.IsCancellationRequested) return await StoppedAsync(battle, both, write).ConfigureAwait(false);
        var (a, b) = (await sideA.ConfigureAwait(false), await sideB.ConfigureAwait(false));
        var canVote = a is not null && b is not null;
        long version;
        lock (battle.Gate)
        {
            if (canVote)
            {
                battle.ConversationA.Add(new ChatTurn("assistant", a!));
                battle.ConversationB.Add(new ChatTurn("assistant", b!));
                battle.Turns++;
                battle.Flagged |= IdentityLeak.Reveals(a, battle.A.IdentityTerms) || IdentityLeak.Reveals(b, battle.B.IdentityTerms);
                battle.StyleA = StyleCounter.Count(string.Join("\n\n", battle.ConversationA.Where(t => t.Role == "assistant").Select(t => t.Content)));
                battle.StyleB = StyleCounter.Count(string.Join("\n\n", battle.ConversationB.Where(t => t.Role == "assistant").Select(t => t.Content)));
            }

            battle.Stage = canVote ? BattleStage.Ready : BattleStage.Failed;
            battle.Stopping = null;
            version = battle.Version;
        }

        // Before the voter hears it may vote: the vote, a follow-up or a regenerate may reach another node. Lost only when
        // another node took the turn over as abandoned (SharedBattleStates.AbandonedAfter): these answers then count for nothing.
        canVote &= await states.CommitAsync(battle, version).ConfigureAwait(false);

        await write(new ArenaEvent("end", new { canVote, turn = battle.Turns, canFollowUp = canVote && battle.Turns < _options.MaxTurns, canRegenerate = true }))
            .ConfigureAwait(false);
        return StreamOutcome.Streamed;
    }

    /// <summary>
    /// Cancels the turn being streamed (the model calls are cancelled server-side, not just hidden). When another node is
    /// answering, asks it through the store; refused when the token does not match or nothing is being answered.
    /// </summary>
    public async Task<StopOutcome> StopAsync(string battleId, string? token, CancellationToken cancellationToken = default)
    {
        if (tokens.Verify(token, out var id) != TokenCheck.Valid || id != battleId) return StopOutcome.NothingStreaming;
        var battle = sessions.Find(id);
        CancellationTokenSource? stopping = null;
        if (battle is not null)
        {
            lock (battle.Gate) stopping = battle.Stage == BattleStage.Streaming ? battle.Stopping : null;
        }

        if (stopping is null)
        {
            // Not answered here: the store knows whether another node is, and carries the request to it.
            if (await states.AcquireAsync(id, cancellationToken).ConfigureAwait(false) is not { StreamingElsewhere: true } elsewhere ||
                !await states.RequestStopAsync(id, elsewhere.Version, cancellationToken).ConfigureAwait(false))
            {
                return StopOutcome.NothingStreaming;
            }

            Log.BattleStopped(log, id);
            return StopOutcome.Requested;
        }

        try
        {
            // Outside the lock: cancellation runs callbacks inline.
            await stopping.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The turn finished between the check and the cancel: nothing left to stop.
            return StopOutcome.NothingStreaming;
        }

        Log.BattleStopped(log, id);
        return StopOutcome.Stopped;
    }

    /// <summary>Until the turn ends, looks in the store for a Stop another node took, and stops the turn if so.</summary>
    private async Task WatchForStopAsync(ActiveBattle battle, CancellationTokenSource stop)
    {
        long version;
        lock (battle.Gate) version = battle.Version;
        if (version == 0) return; // never shared: no other node knows the battle
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(StopPollInterval, time, stop.Token).ConfigureAwait(false);
                if (!await states.StopRequestedAsync(battle.Id, version, stop.Token).ConfigureAwait(false)) continue;
                Log.BattleStopped(log, battle.Id);
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The turn ended (or was stopped): nothing more to watch.
        }
    }

    private async Task<StreamOutcome> StoppedAsync(ActiveBattle battle, Task both, Func<ArenaEvent, Task> write)
    {
        // Let the cancelled calls finish unwinding (they end at once) so no answer lands after the stop.
        await both.ConfigureAwait(false);
        long version;
        lock (battle.Gate) (battle.Stage, battle.Stopping, version) = (BattleStage.Stopped, null, battle.Version);
        // Regenerable on any node.
        await states.CommitAsync(battle, version).ConfigureAwait(false);
        await write(new ArenaEvent("end", new { canVote = false, turn = battle.Turns, canFollowUp = false, canRegenerate = true, stopped = true })).ConfigureAwait(false);
        return StreamOutcome.Streamed;
    }
}
