using System.Security.Cryptography;
using System.Threading.Channels;
using Arbiter.Core.Arena;
using Arbiter.Core.Suites;
using Arbiter.Engine.Arena;
using Arbiter.Engine.Arena.Integrity;
using Arbiter.Engine.Text;
using Arbiter.Web.Hosting;
using Arbiter.Web.Leaderboard;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Arbiter.Web.Arena;

/// <summary>One server-sent event of a battle stream.</summary>
/// <param name="Name"><c>delta</c>, <c>reset</c>, <c>done</c> or <c>end</c>.</param>
/// <param name="Data">Serialised as JSON.</param>
internal readonly record struct ArenaEvent(string Name, object Data);

/// <summary>The blind arena: starts battles, streams both answers, takes the single vote.</summary>
internal sealed class ArenaService(
    ArenaModels models,
    PairSampler sampler,
    BattleSessions sessions,
    BattleTokens tokens,
    BattleWriter writer,
    LeaderboardService leaderboard,
    ModelTurnRunner runner,
    IOptions<ArbiterWebOptions> options,
    WebState web,
    VoteLedger ledger,
    SharedBattleStates states,
    TimeProvider time,
    ILogger<ArenaService> log)
{
    private readonly ArbiterWebOptions _options = options.Value;

    /// <summary>Starts a battle between two models drawn by the sampler; null when fewer than two are enabled.</summary>
    public async Task<BattleTicket?> StartAsync(string prompt, string? category, string voter, CancellationToken cancellationToken = default)
    {
        var intervals = sampler.Mode == PairSampling.OverlappingIntervals ? await leaderboard.IntervalsAsync(cancellationToken).ConfigureAwait(false) : null;
        var pair = sampler.Draw(models.Enabled, m => m.Id, intervals, Random.Shared);
        if (pair is not { } p) return null;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var language = ScriptLanguage.Detect(prompt);
        // A pool prompt keeps its category; a typed one gets the engine's (a client cannot invent board filters).
        var battle = new ActiveBattle(id, p.A, p.B, language, PromptCategories.Choose(category, prompt, web.Prompts.Select(x => x.Category)), voter,
            time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            PendingPrompt = prompt,
            FirstPrompt = prompt,
        };
        sessions.Add(battle);
        Log.BattleStarted(log, id, language);
        return new BattleTicket(id, tokens.Issue(id), StreamUrl(id), 1);
    }

    /// <summary>Queues a follow-up for both conversations; null when the token or state does not allow it.</summary>
    public async Task<BattleTicket?> FollowUpAsync(string? token, string prompt, CancellationToken cancellationToken = default)
    {
        if (tokens.Verify(token, out var id) != TokenCheck.Valid || sessions.Find(id) is not { } battle) return null;
        BattleTicket ticket;
        lock (battle.Gate)
        {
            if (battle.Stage != BattleStage.Ready || battle.Turns >= _options.MaxTurns) return null;
            battle.PendingPrompt = prompt;
            battle.Stage = BattleStage.Pending;
            ticket = new BattleTicket(id, token!, StreamUrl(id), battle.Turns + 1);
        }

        // No longer votable on the turn the other nodes know of.
        await states.ForgetAsync(id, cancellationToken).ConfigureAwait(false);
        return ticket;
    }

    /// <summary>
    /// Runs the pending turn on both models, writing events as the answers arrive. False when the
    /// battle is unknown or has no pending turn (the stream was opened twice).
    /// </summary>
    public async Task<bool> StreamAsync(string battleId, Func<ArenaEvent, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (sessions.Find(battleId) is not { } battle) return false;
        string prompt;
        lock (battle.Gate)
        {
            if (battle.Stage != BattleStage.Pending || battle.PendingPrompt is null) return false;
            battle.Stage = BattleStage.Streaming;
            battle.AnswersStartedMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            prompt = battle.PendingPrompt;
            battle.PendingPrompt = null;
            battle.ConversationA.Add(new ChatTurn("user", prompt));
            battle.ConversationB.Add(new ChatTurn("user", prompt));
        }

        // The voter's Stop cancels this source; the request's own token (the voter left) cancels it too.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (battle.Gate) battle.Stopping = stop;
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
            // The voter left mid-stream: nothing to vote on.
            lock (battle.Gate) (battle.Stage, battle.Stopping) = (BattleStage.Failed, null);
            throw;
        }
        catch (OperationCanceledException)
        {
            // Stopped by the voter: handled below, the stream stays open to say so.
        }

        if (stop.IsCancellationRequested) return await StoppedAsync(battle, both, write).ConfigureAwait(false);
        var (a, b) = (await sideA.ConfigureAwait(false), await sideB.ConfigureAwait(false));
        var canVote = a is not null && b is not null;
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
        }

        // Before the voter hears it may vote: the vote may reach another node.
        if (canVote) await states.SaveAsync(battle, _options.StoreConversations, CancellationToken.None).ConfigureAwait(false);

        await write(new ArenaEvent("end", new { canVote, turn = battle.Turns, canFollowUp = canVote && battle.Turns < _options.MaxTurns, canRegenerate = true }))
            .ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Cancels the turn being streamed (the model calls are cancelled server-side, not just hidden); false when
    /// the token does not match or nothing is streaming.
    /// </summary>
    public bool Stop(string battleId, string? token)
    {
        if (tokens.Verify(token, out var id) != TokenCheck.Valid || id != battleId || sessions.Find(id) is not { } battle) return false;
        CancellationTokenSource? stopping;
        lock (battle.Gate) stopping = battle.Stage == BattleStage.Streaming ? battle.Stopping : null;
        if (stopping is null) return false;
        try
        {
            // Outside the lock: cancellation runs callbacks inline.
            stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The turn finished between the check and the cancel: nothing left to stop.
            return false;
        }

        Log.BattleStopped(log, id);
        return true;
    }

    /// <summary>
    /// Asks both models the last prompt again (the same pair, the earlier turns kept): only before the vote and
    /// when the last turn finished, failed or was stopped. Null when not allowed.
    /// </summary>
    public async Task<BattleTicket?> RegenerateAsync(string battleId, string? token, CancellationToken cancellationToken = default)
    {
        if (tokens.Verify(token, out var id) != TokenCheck.Valid || id != battleId || sessions.Find(id) is not { } battle) return null;
        var wasReady = false;
        BattleTicket ticket;
        lock (battle.Gate)
        {
            if (battle.Stage is not (BattleStage.Ready or BattleStage.Failed or BattleStage.Stopped)) return null;
            wasReady = battle.Stage == BattleStage.Ready;
            if (wasReady)
            {
                // A finished turn: forget both answers (a leak already seen stays flagged: the voter saw it).
                battle.ConversationA.RemoveAt(battle.ConversationA.Count - 1);
                battle.ConversationB.RemoveAt(battle.ConversationB.Count - 1);
                battle.Turns--;
            }

            if (battle.ConversationA.Count == 0 || battle.ConversationA[^1].Role != "user") return null;
            battle.PendingPrompt = battle.ConversationA[^1].Content;
            battle.ConversationA.RemoveAt(battle.ConversationA.Count - 1);
            battle.ConversationB.RemoveAt(battle.ConversationB.Count - 1);
            battle.Stage = BattleStage.Pending;
            ticket = new BattleTicket(id, token!, StreamUrl(id), battle.Turns + 1);
        }

        if (wasReady) await states.ForgetAsync(id, cancellationToken).ConfigureAwait(false);
        return ticket;
    }

    private async Task<bool> StoppedAsync(ActiveBattle battle, Task both, Func<ArenaEvent, Task> write)
    {
        // Let the cancelled calls finish unwinding (they end at once) so no answer lands after the stop.
        await both.ConfigureAwait(false);
        lock (battle.Gate) (battle.Stage, battle.Stopping) = (BattleStage.Stopped, null);
        await write(new ArenaEvent("end", new { canVote = false, turn = battle.Turns, canFollowUp = false, canRegenerate = true, stopped = true })).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Counts a vote once and reveals the models. <paramref name="voter"/> and <paramref name="client"/> (the
    /// cookie's voter id and the address the rate limiter sees) meet the per-voter limits and mark the vote's signals.
    /// </summary>
    public async Task<(VoteReceipt? Receipt, VoteFailure Failure)> VoteAsync(string? token, string? winner, string voter, string client,
        CancellationToken cancellationToken = default)
    {
        if (!BattleWinner.IsKnown(winner)) return (null, VoteFailure.BadWinner);
        switch (tokens.Verify(token, out var id))
        {
            case TokenCheck.Forged:
                Log.TokenRejected(log, "forged");
                return (null, VoteFailure.Forged);
            case TokenCheck.Expired:
                return (null, VoteFailure.Expired);
        }

        // Not in memory here: another node's battle, votable from the state it saved (the claim below still allows one vote).
        var battle = sessions.Find(id) ?? await states.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        if (battle is null)
        {
            // Unknown to every node (or voted on, or its turn moved on): the store knows whether it was voted on.
            if (!await ledger.IsVotedAsync(id, cancellationToken).ConfigureAwait(false)) return (null, VoteFailure.UnknownBattle);
            Log.TokenRejected(log, "replayed");
            return (null, VoteFailure.Replayed);
        }

        VoteFacts facts;
        lock (battle.Gate)
        {
            if (battle.Stage != BattleStage.Ready) return (null, battle.Stage is BattleStage.Voted or BattleStage.Voting ? VoteFailure.Replayed : VoteFailure.NotReady);
            // Held while the store decides, so a racing second vote here, a follow-up or a regenerate cannot slip in.
            battle.Stage = BattleStage.Voting;
            facts = new VoteFacts(id, voter, client, battle.FirstPrompt ?? "", battle.Voter, battle.AnswersStartedMs, time.GetUtcNow().ToUnixTimeMilliseconds(),
                SharedBattleStates.AnswerChars(battle)) { PromptHash = battle.Remote?.PromptHash };
        }

        VoteAssessment assessment;
        try
        {
            assessment = await ledger.AdmitAsync(facts, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (battle.Gate) battle.Stage = BattleStage.Ready;
            throw;
        }

        ArenaBattle record;
        lock (battle.Gate)
        {
            if (!assessment.Accepted)
            {
                // Over a limit, the battle stays open: the voter may still vote on it once the window has room.
                battle.Stage = assessment.Replayed ? BattleStage.Voted : BattleStage.Ready;
                if (assessment.Replayed)
                {
                    Log.TokenRejected(log, "replayed");
                    return (null, VoteFailure.Replayed);
                }

                Log.VoteLimited(log, assessment.Limit.ToString());
                return (null, VoteFailure.Limited);
            }

            battle.Stage = BattleStage.Voted;
            battle.Winner = winner;
            record = ToRecord(battle, winner!) with { Signals = assessment.Signals };
        }

        await writer.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        sampler.Record(battle.A.Id, battle.B.Id);
        leaderboard.Invalidate();
        Log.Voted(log, id, battle.Flagged);
        return (new VoteReceipt(id, battle.A.Id, battle.B.Id, battle.A.Spec.Origin, battle.B.Spec.Origin, winner!, battle.Flagged), VoteFailure.None);
    }

    /// <summary>Drops every battle in memory (admin "delete data"); returns how many were not yet voted on.</summary>
    public int ClearPending() => sessions.Clear();

    private ArenaBattle ToRecord(ActiveBattle battle, string winner) => new(battle.Id, battle.A.Id, battle.B.Id, winner)
    {
        Judge = battle.Voter,
        Language = battle.Language,
        Category = battle.Category,
        Turn = battle.Turns,
        Anonymous = true,
        Flagged = battle.Flagged,
        TimestampMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        // Only hashes: a voter's prompt may be confidential, and the leaderboard needs no text.
        ConversationA = battle.Remote?.StoredA ?? ConversationText.Stored(battle.ConversationA, _options.StoreConversations),
        ConversationB = battle.Remote?.StoredB ?? ConversationText.Stored(battle.ConversationB, _options.StoreConversations),
        StyleA = battle.StyleA,
        StyleB = battle.StyleB,
    };

    private static string StreamUrl(string id) => $"/api/arena/battles/{id}/stream";
}
