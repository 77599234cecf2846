namespace Arbiter.Core.Arena;

/// <summary>
/// One accepted web vote as the vote window keeps it. The client address and the prompt are present only as
/// keyed hashes (the key is the operator's secret, so a stored hash cannot be matched against guessed addresses).
/// </summary>
/// <param name="BattleId">The battle voted on: a battle is claimed once, whichever node the vote reached.</param>
/// <param name="Voter">The voter id (<c>web:…</c>, a random cookie id).</param>
/// <param name="ClientHash">Keyed hash of the client address.</param>
/// <param name="PromptHash">Keyed hash of the battle's first prompt.</param>
/// <param name="AtMs">When the vote was cast, UTC unix ms.</param>
public sealed record VoteClaim(string BattleId, string Voter, string ClientHash, string PromptHash, long AtMs);

/// <summary>What the window held before a vote was decided (the vote itself not counted).</summary>
/// <param name="ByVoter">Votes of the claim's voter.</param>
/// <param name="ByClient">Votes from the claim's client hash.</param>
/// <param name="ByPrompt">Votes on the claim's prompt hash.</param>
/// <param name="VotersOfClient">Distinct voters from the claim's client hash, the claim's voter included.</param>
/// <param name="ClientsOfVoter">Distinct client hashes of the claim's voter, the claim's client included (one person's sign-in used from many places).</param>
public sealed record VoteWindow(int ByVoter, int ByClient, int ByPrompt, int VotersOfClient, int ClientsOfVoter = 1);

/// <summary>How a claim ended.</summary>
public enum VoteClaimOutcome
{
    /// <summary>Admitted and recorded.</summary>
    Claimed,

    /// <summary>The battle was claimed already (a replay, on this node or another).</summary>
    Replayed,

    /// <summary>The admission rule refused it; nothing was recorded.</summary>
    Refused,
}

/// <summary>The result of <see cref="IVoteClaimStore.ClaimVoteAsync"/>.</summary>
/// <param name="Outcome">Claimed, replayed or refused.</param>
/// <param name="Window">The window the rule saw (all zero for a replay).</param>
public sealed record VoteClaimResult(VoteClaimOutcome Outcome, VoteWindow Window);

/// <summary>
/// The recent web votes in the shared store, so that single-use battle tokens and per-voter and per-address
/// limits hold across web nodes and restarts: the store decides, not a node's memory.
/// </summary>
public interface IVoteClaimStore
{
    /// <summary>
    /// In one transaction, serialized against every other claim of the same voter or client hash: refuses a battle
    /// claimed already, counts the window since <paramref name="windowStartMs"/>, asks <paramref name="admit"/>, and
    /// records the claim only when it agrees.
    /// </summary>
    Task<VoteClaimResult> ClaimVoteAsync(VoteClaim claim, long windowStartMs, Func<VoteWindow, bool> admit, CancellationToken cancellationToken = default);

    /// <summary>True when the battle has a recorded claim (it was voted on, on any node).</summary>
    Task<bool> IsVoteClaimedAsync(string battleId, CancellationToken cancellationToken = default);

    /// <summary>Deletes claims older than <paramref name="beforeMs"/>; returns how many.</summary>
    Task<int> PruneVoteClaimsAsync(long beforeMs, CancellationToken cancellationToken = default);
}
