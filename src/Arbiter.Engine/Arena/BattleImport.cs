using System.Collections.Immutable;
using Arbiter.Core.Arena;

namespace Arbiter.Engine.Arena;

/// <summary>Battle file formats.</summary>
public enum BattleFormat
{
    /// <summary>Detect from the content: a JSON array or JSONL with FastChat fields is FastChat, else arena-hard.</summary>
    Auto,

    /// <summary>FastChat clean-battle records (a JSON array, or one object per line).</summary>
    FastChat,

    /// <summary>arena-hard-auto's <c>{question_id, model_a, model_b, winner}</c> JSON Lines.</summary>
    ArenaHard,
}

/// <summary>Kinds of problems an import reports (the rows are skipped, the rest kept).</summary>
public static class BattleProblemKind
{
    /// <summary>The line or element is not a JSON object.</summary>
    public const string InvalidJson = "invalid-json";

    /// <summary>A required field is absent or not a string.</summary>
    public const string MissingField = "missing-field";

    /// <summary>The winner is not model_a, model_b, tie or tie (bothbad).</summary>
    public const string UnknownWinner = "unknown-winner";

    /// <summary>model_a equals model_b.</summary>
    public const string SelfBattle = "self-battle";
}

/// <summary>One skipped row.</summary>
/// <param name="Location">1-based line number (JSONL) or 0-based element index (JSON array).</param>
/// <param name="Kind">One of <see cref="BattleProblemKind"/>.</param>
/// <param name="Message">What was wrong.</param>
/// <param name="IsElementIndex">True when <paramref name="Location"/> is an array element index.</param>
public sealed record BattleProblem(long Location, string Kind, string Message, bool IsElementIndex = false)
{
    /// <summary><c>line 12</c> or <c>element 3</c>, then the message.</summary>
    public override string ToString() => $"{(IsElementIndex ? "element" : "line")} {Location}: {Message}";
}

/// <summary>The outcome of reading a battle file: the valid battles and every skipped row.</summary>
/// <param name="Format">The format read (never <see cref="BattleFormat.Auto"/>).</param>
/// <param name="Battles">Valid battles, in file order.</param>
/// <param name="Problems">Skipped rows with their locations.</param>
public sealed record BattleImport(BattleFormat Format, IReadOnlyList<ArenaBattle> Battles, IReadOnlyList<BattleProblem> Problems)
{
    /// <summary>Number of skipped rows per problem kind.</summary>
    public ImmutableSortedDictionary<string, int> ProblemCounts { get; } =
        Problems.GroupBy(p => p.Kind).ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
