namespace Arbiter.Web.Arena;

/// <summary>Body of <c>POST /api/arena/battles</c>.</summary>
/// <param name="Prompt">The voter's prompt.</param>
/// <param name="Category">The pool category when drawn from the pool; null for a typed prompt.</param>
public sealed record StartBattleRequest(string? Prompt, string? Category = null);

/// <summary>A new battle (or a follow-up turn): where to stream the answers and the voting token.</summary>
/// <param name="BattleId">The battle.</param>
/// <param name="Token">Single-use token for the vote (and for follow-ups).</param>
/// <param name="StreamUrl">SSE endpoint that streams both answers.</param>
/// <param name="Turn">The turn number (1 for the first prompt).</param>
public sealed record BattleTicket(string BattleId, string Token, string StreamUrl, int Turn);

/// <summary>Body of a follow-up turn.</summary>
/// <param name="Token">The battle's token.</param>
/// <param name="Prompt">The follow-up question.</param>
public sealed record FollowUpRequest(string? Token, string? Prompt);

/// <summary>Body of the share, stop and regenerate actions on a battle.</summary>
/// <param name="Token">The battle's token.</param>
public sealed record BattleActionRequest(string? Token);

/// <summary>Where a shared battle can be read.</summary>
/// <param name="ShareId">The link's unguessable id.</param>
/// <param name="Url">The page's path.</param>
public sealed record ShareLink(string ShareId, string Url);

/// <summary>Body of <c>POST /api/arena/votes</c>.</summary>
/// <param name="Token">The battle's token.</param>
/// <param name="Winner"><c>model_a</c>, <c>model_b</c>, <c>tie</c> or <c>tie (bothbad)</c>.</param>
public sealed record VoteRequest(string? Token, string? Winner);

/// <summary>The reveal after a vote.</summary>
/// <param name="BattleId">The battle.</param>
/// <param name="ModelA">Who A was.</param>
/// <param name="ModelB">Who B was.</param>
/// <param name="OriginA">A's origin as configured.</param>
/// <param name="OriginB">B's origin.</param>
/// <param name="Winner">The stored verdict.</param>
/// <param name="Flagged">True when a model gave itself away (kept out of the anonymous leaderboard).</param>
public sealed record VoteReceipt(string BattleId, string ModelA, string ModelB, string? OriginA, string? OriginB, string Winner, bool Flagged);

/// <summary>Why a vote was not counted.</summary>
public enum VoteFailure
{
    /// <summary>Counted.</summary>
    None,

    /// <summary>The token is not one of ours.</summary>
    Forged,

    /// <summary>The token has expired.</summary>
    Expired,

    /// <summary>This battle was voted on already.</summary>
    Replayed,

    /// <summary>No such battle (expired from memory or deleted).</summary>
    UnknownBattle,

    /// <summary>The answers are not complete yet (or a model failed).</summary>
    NotReady,

    /// <summary>Not one of the four verdicts.</summary>
    BadWinner,

    /// <summary>The voter or their address has cast as many votes as the window allows.</summary>
    Limited,
}
