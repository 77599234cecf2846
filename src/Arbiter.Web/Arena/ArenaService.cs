using System.Security.Cryptography;
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

/// <summary>
/// The blind arena: starts battles, streams both answers, takes the single vote. Every change to a battle goes through
/// the shared store (<see cref="SharedBattleStates"/>), so behind a load balancer any node can take any request of it
/// but the stream and stop of a turn another node is answering.
/// </summary>
internal sealed partial class ArenaService(
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
        await states.PublishAsync(battle, cancellationToken).ConfigureAwait(false);
        Log.BattleStarted(log, id, language);
        return new BattleTicket(id, tokens.Issue(id), StreamUrl(id), 1);
    }

    /// <summary>
    /// Queues a follow-up for both conversations, on whichever node started the battle. Null when the token or state does
    /// not allow it; <c>Busy</c> when a turn is still being answered (worth a retry once it is).
    /// </summary>
    public async Task<(BattleTicket? Ticket, bool Busy)> FollowUpAsync(string battleId, string? token, string prompt, CancellationToken cancellationToken = default)
    {
        // The token must be this battle's: another battle's token must not queue a turn on its own battle.
        if (tokens.Verify(token, out var id) != TokenCheck.Valid || id != battleId ||
            await states.AcquireAsync(id, cancellationToken).ConfigureAwait(false) is not { } battle)
        {
            return (null, false);
        }

        BattleTicket ticket;
        long version;
        lock (battle.Gate)
        {
            if (battle.Stage != BattleStage.Ready || battle.Turns >= _options.MaxTurns) return (null, IsBusy(battle));
            battle.PendingPrompt = prompt;
            battle.Stage = BattleStage.Pending;
            ticket = new BattleTicket(id, token!, StreamUrl(id), battle.Turns + 1);
            version = battle.Version;
        }

        // No longer votable on the turn the other nodes know of; of two nodes taking the same follow-up, one wins.
        return await states.CommitAsync(battle, version).ConfigureAwait(false) ? (ticket, false) : (null, false);
    }

    /// <summary>
    /// Asks both models the last prompt again (the same pair, the earlier turns kept): only before the vote and
    /// when the last turn finished, failed or was stopped. Null when not allowed; <c>Busy</c> while a turn is answered.
    /// </summary>
    public async Task<(BattleTicket? Ticket, bool Busy)> RegenerateAsync(string battleId, string? token, CancellationToken cancellationToken = default)
    {
        if (tokens.Verify(token, out var id) != TokenCheck.Valid || id != battleId ||
            await states.AcquireAsync(id, cancellationToken).ConfigureAwait(false) is not { } battle)
        {
            return (null, false);
        }

        BattleTicket ticket;
        long version;
        lock (battle.Gate)
        {
            if (battle.Stage is not (BattleStage.Ready or BattleStage.Failed or BattleStage.Stopped)) return (null, IsBusy(battle));
            if (battle.ConversationA.Count == 0) return (null, false);
            if (battle.Stage == BattleStage.Ready)
            {
                // A finished turn: forget both answers (a leak already seen stays flagged: the voter saw it).
                battle.ConversationA.RemoveAt(battle.ConversationA.Count - 1);
                battle.ConversationB.RemoveAt(battle.ConversationB.Count - 1);
                battle.Turns--;
            }

            if (battle.ConversationA.Count == 0 || battle.ConversationA[^1].Role != "user") return (null, false);
            battle.PendingPrompt = battle.ConversationA[^1].Content;
            battle.ConversationA.RemoveAt(battle.ConversationA.Count - 1);
            battle.ConversationB.RemoveAt(battle.ConversationB.Count - 1);
            battle.Stage = BattleStage.Pending;
            ticket = new BattleTicket(id, token!, StreamUrl(id), battle.Turns + 1);
            version = battle.Version;
        }

        return await states.CommitAsync(battle, version).ConfigureAwait(false) ? (ticket, false) : (null, false);
    }

    private static bool IsBusy(ActiveBattle battle) => battle.Stage is BattleStage.Pending or BattleStage.Streaming;

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

        // This node's copy if current, else the store's (another node's turn): the claim below still allows one vote.
        var battle = await states.AcquireAsync(id, cancellationToken).ConfigureAwait(false);
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
                SharedBattleStates.AnswerChars(battle));
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
        long version;
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
            version = battle.Version;
        }

        // Voted on every node (for the share): the claim already made the vote single, so a lost race changes nothing here.
        await states.CommitAsync(battle, version).ConfigureAwait(false);

        await writer.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        sampler.Record(battle.A.Id, battle.B.Id);
        leaderboard.Invalidate();
        Log.Voted(log, id, battle.Flagged);
        return (new VoteReceipt(id, battle.A.Id, battle.B.Id, battle.A.Spec.Origin, battle.B.Spec.Origin, winner!, battle.Flagged), VoteFailure.None);
    }

    /// <summary>Drops every battle in memory and in the shared store (admin "delete data"); returns how many here were not yet voted on.</summary>
    public async Task<int> ClearPendingAsync(CancellationToken cancellationToken = default)
    {
        await states.ClearAsync(cancellationToken).ConfigureAwait(false);
        return sessions.Clear();
    }

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
        ConversationA = ConversationText.Stored(battle.ConversationA, _options.StoreConversations),
        ConversationB = ConversationText.Stored(battle.ConversationB, _options.StoreConversations),
        StyleA = battle.StyleA,
        StyleB = battle.StyleB,
    };

    private static string StreamUrl(string id) => $"/api/arena/battles/{id}/stream";
}
