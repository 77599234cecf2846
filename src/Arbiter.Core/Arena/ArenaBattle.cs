namespace Arbiter.Core.Arena;

/// <summary>The winner spellings of FastChat's clean-battle format, which Arbiter stores verbatim.</summary>
public static class BattleWinner
{
    /// <summary>Model A won.</summary>
    public const string ModelA = "model_a";

    /// <summary>Model B won.</summary>
    public const string ModelB = "model_b";

    /// <summary>A tie.</summary>
    public const string Tie = "tie";

    /// <summary>A tie where both answers were bad (counted as a tie by the ratings).</summary>
    public const string TieBothBad = "tie (bothbad)";

    /// <summary>True for one of the four spellings above (case-sensitive, as FastChat writes them).</summary>
    public static bool IsKnown(string? winner) => winner is ModelA or ModelB or Tie or TieBothBad;

    /// <summary>True for <see cref="Tie"/> and <see cref="TieBothBad"/>.</summary>
    public static bool IsTie(string? winner) => winner is Tie or TieBothBad;
}

/// <summary>Style counts of one answer, used by arena style control.</summary>
/// <param name="Tokens">Approximate answer length in tokens.</param>
/// <param name="Headers">Markdown headers.</param>
/// <param name="ListItems">Markdown list items (ordered and unordered).</param>
/// <param name="BoldSpans">Bold spans.</param>
public sealed record AnswerStyle(int Tokens, int Headers, int ListItems, int BoldSpans);

/// <summary>
/// One arena battle: a human vote or an LLM judge's verdict between two models' answers to the same
/// prompt. Every row counts as one battle; weighted verdicts are stored as repeated rows with distinct
/// ids, as arena-hard-auto writes them.
/// </summary>
/// <param name="BattleId">Unique id; adding a battle whose id is stored already is a no-op.</param>
/// <param name="ModelA">The model shown first.</param>
/// <param name="ModelB">The other model.</param>
/// <param name="Winner">One of the <see cref="BattleWinner"/> spellings.</param>
public sealed record ArenaBattle(string BattleId, string ModelA, string ModelB, string Winner)
{
    /// <summary>Who decided: a voter id or the judge model's id.</summary>
    public string? Judge { get; init; }

    /// <summary>The question (prompt) id, when known.</summary>
    public string? QuestionId { get; init; }

    /// <summary>Language of the prompt (e.g. <c>English</c>, <c>ru</c>), as the source writes it.</summary>
    public string? Language { get; init; }

    /// <summary>Prompt category, when known.</summary>
    public string? Category { get; init; }

    /// <summary>Number of conversation turns (1 for single-turn battles).</summary>
    public int Turn { get; init; } = 1;

    /// <summary>True when the voter did not know which model was which.</summary>
    public bool Anonymous { get; init; }

    /// <summary>True when an answer revealed the model's identity; such battles are excluded by "anonymous only".</summary>
    public bool Flagged { get; init; }

    /// <summary>When the vote was cast, UTC unix milliseconds (0 when unknown).</summary>
    public long TimestampMs { get; init; }

    /// <summary>Model A's conversation as JSON, or its hash when the text is not kept.</summary>
    public string? ConversationA { get; init; }

    /// <summary>Model B's conversation as JSON, or its hash.</summary>
    public string? ConversationB { get; init; }

    /// <summary>Style counts of A's answer, when known.</summary>
    public AnswerStyle? StyleA { get; init; }

    /// <summary>Style counts of B's answer, when known.</summary>
    public AnswerStyle? StyleB { get; init; }

    /// <summary>
    /// Vote-integrity signals raised when the vote was cast (e.g. <c>fast-vote,prompt-flood</c>: sorted,
    /// comma-separated, null when none). They flag a vote for review; they do not remove it.
    /// </summary>
    public string? Signals { get; init; }

    /// <summary>When an operator voided the battle, UTC unix milliseconds (null: it counts). Voided battles are kept, not deleted.</summary>
    public long? VoidedAtMs { get; init; }

    /// <summary>The operator's reason for voiding, when voided.</summary>
    public string? VoidReason { get; init; }
}
