using Arbiter.Core.Arena;

namespace Arbiter.Engine.Arena.Integrity;

/// <summary>What is known about a vote when it is cast.</summary>
/// <param name="BattleId">The battle voted on (claimed once in the store, whichever web node the vote reached).</param>
/// <param name="Voter">The voter id of the request (the signed cookie).</param>
/// <param name="Client">The client address as the rate limiter sees it (after trusted forwarded headers); stored only as a keyed hash.</param>
/// <param name="Prompt">The battle's first prompt (stored only as a keyed hash).</param>
/// <param name="StartedBy">The voter id the battle was started with.</param>
/// <param name="AnswersStartedMs">When the answers started streaming, UTC unix ms.</param>
/// <param name="VotedAtMs">When the vote arrived, UTC unix ms.</param>
/// <param name="AnswerChars">Characters of both answers together.</param>
public sealed record VoteFacts(string BattleId, string Voter, string Client, string Prompt, string StartedBy, long AnswersStartedMs, long VotedAtMs,
    int AnswerChars)
{
    /// <summary>
    /// The prompt's <see cref="VoteLedger.HashPrompt"/>, when the node taking the vote has only that (the battle ran on another
    /// web node, which kept the text to itself); <see cref="Prompt"/> is then ignored.
    /// </summary>
    public string? PromptHash { get; init; }
}

/// <summary>Which limit refused a vote.</summary>
public enum VoteLimitHit
{
    /// <summary>None: the vote counts.</summary>
    None,

    /// <summary>The voter's cookie has used its votes for the window.</summary>
    Voter,

    /// <summary>The client address has used its votes for the window.</summary>
    Client,
}

/// <summary>The ledger's decision on one vote.</summary>
/// <param name="Limit">The limit that refused it, or <see cref="VoteLimitHit.None"/>.</param>
/// <param name="Signals">The signals to store with an accepted vote (<see cref="IntegritySignals.Join"/> form), or null.</param>
public sealed record VoteAssessment(VoteLimitHit Limit, string? Signals)
{
    /// <summary>The battle was voted on already (on this node, another node, or before a restart): the vote is refused.</summary>
    public bool Replayed { get; init; }

    /// <summary>True when the vote counts.</summary>
    public bool Accepted => Limit == VoteLimitHit.None && !Replayed;
}

/// <summary>
/// The per-voter and per-client limits and the integrity signals, decided against the recent votes in the shared
/// store (<see cref="IVoteClaimStore"/>): every web node on one store sees the same window, and a restart loses
/// nothing. The store also makes each battle's vote single-use across nodes. Client addresses and prompts reach
/// the store only as HMAC-SHA256 under a key derived from the operator's secret. Thread-safe.
/// </summary>
public sealed class VoteLedger
{
    // Old claims are deleted at most this often (one indexed DELETE), by whichever vote comes first after the interval.
    private const long PruneEveryMs = 10 * 60_000;
    private readonly IVoteClaimStore _store;
    private readonly KeyedHash _hash;
    private readonly long _keepMs;
    private long _nextPruneMs;

    /// <summary>Creates the ledger.</summary>
    /// <param name="store">The shared store of recent votes.</param>
    /// <param name="limits">The limits and signal thresholds.</param>
    /// <param name="secret">The operator's secret (≥ 16 bytes); the same on every node, or hashes do not match across nodes and restarts.</param>
    /// <param name="claimLifetime">How long a claim must outlive its vote besides the window: the battle token lifetime, so a replay is always caught.</param>
    public VoteLedger(IVoteClaimStore store, VoteLimits limits, byte[] secret, TimeSpan claimLifetime)
    {
        _hash = new KeyedHash(secret, "arbiter vote window");
        _store = store ?? throw new ArgumentNullException(nameof(store));
        Limits = limits ?? throw new ArgumentNullException(nameof(limits));
        _keepMs = (long)Math.Max(Limits.Window.TotalMilliseconds, claimLifetime.TotalMilliseconds);
    }

    /// <summary>The settings.</summary>
    public VoteLimits Limits { get; }

    /// <summary>Decides on a vote; an accepted vote is recorded in the same store transaction, so two racing votes (on any nodes) cannot both take the last slot.</summary>
    public async Task<VoteAssessment> AdmitAsync(VoteFacts facts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var claim = new VoteClaim(facts.BattleId, facts.Voter, Hash(facts.Client), facts.PromptHash ?? HashPrompt(facts.Prompt), facts.VotedAtMs);
        var from = facts.VotedAtMs - (long)Limits.Window.TotalMilliseconds;
        var result = await _store.ClaimVoteAsync(claim, from, w => w.ByVoter < Limits.PerVoter && w.ByClient < Limits.PerClient, cancellationToken)
            .ConfigureAwait(false);
        await PruneIfDueAsync(facts.VotedAtMs, cancellationToken).ConfigureAwait(false);
        var w = result.Window;
        switch (result.Outcome)
        {
            case VoteClaimOutcome.Replayed:
                return new VoteAssessment(VoteLimitHit.None, null) { Replayed = true };
            case VoteClaimOutcome.Refused:
                return new VoteAssessment(w.ByVoter >= Limits.PerVoter ? VoteLimitHit.Voter : VoteLimitHit.Client, null);
        }

        var signals = new List<string>();
        if (facts.VotedAtMs - facts.AnswersStartedMs < ReadTimeMs(facts.AnswerChars)) signals.Add(IntegritySignals.FastVote);
        // The window's counts are before this vote: with it, the prompt has ByPrompt + 1 votes.
        if (w.ByPrompt + 1 >= Limits.FloodPrompts) signals.Add(IntegritySignals.PromptFlood);
        if (w.VotersOfClient >= Limits.ChurnVoters) signals.Add(IntegritySignals.CookieChurn);
        // Only for signed-in voters: a cookie voter on a phone changes address often, a person's sign-in across many is a lead.
        if (facts.Voter.StartsWith(VoterSignIn.VoterIdPrefix, StringComparison.Ordinal) && w.ClientsOfVoter >= Limits.SharedSignInClients)
        {
            signals.Add(IntegritySignals.SharedSignIn);
        }

        if (!string.Equals(facts.Voter, facts.StartedBy, StringComparison.Ordinal)) signals.Add(IntegritySignals.VoterMismatch);
        return new VoteAssessment(VoteLimitHit.None, IntegritySignals.Join(signals));
    }

    /// <summary>True when the battle was voted on, on any node (what a node without the battle in memory answers a replay with).</summary>
    public Task<bool> IsVotedAsync(string battleId, CancellationToken cancellationToken = default) => _store.IsVoteClaimedAsync(battleId, cancellationToken);

    /// <summary>The keyed hash a vote's prompt is counted under (the same on every node sharing the secret).</summary>
    public string HashPrompt(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return Hash(prompt.Trim());
    }

    /// <summary>The least time, in ms, a human needs to skim <paramref name="answerChars"/> characters.</summary>
    public long ReadTimeMs(int answerChars) =>
        Math.Max((long)Limits.MinimumReadTime.TotalMilliseconds, (long)(Math.Max(0, answerChars) / Limits.SkimCharsPerSecond * 1000));

    private async Task PruneIfDueAsync(long nowMs, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextPruneMs);
        if (nowMs < due || Interlocked.CompareExchange(ref _nextPruneMs, nowMs + PruneEveryMs, due) != due) return;
        await _store.PruneVoteClaimsAsync(nowMs - _keepMs, cancellationToken).ConfigureAwait(false);
    }

    private string Hash(string text) => _hash.Hex(text);
}
