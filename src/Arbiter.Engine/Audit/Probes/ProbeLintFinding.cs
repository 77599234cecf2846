namespace Arbiter.Engine.Audit.Probes;

/// <summary>What <see cref="ProbeLint"/> found wrong with one language of one sensitive/control pair.</summary>
public enum ProbeLintKind
{
    /// <summary>After the slot substitution the sensitive text still differs from the control.</summary>
    OutsideSlots,

    /// <summary>A slot's sensitive filler does not occur in the sensitive text.</summary>
    SlotMissing,

    /// <summary>The row has no <c>slots</c> field; the finding shows one differing span.</summary>
    Unmarked,

    /// <summary>The sensitive and control texts are the same.</summary>
    Identical,
}

/// <summary>
/// One lint finding: where it is and which fragments differ (<paramref name="Sensitive"/> from the sensitive text,
/// after slot substitution for <see cref="ProbeLintKind.OutsideSlots"/>; <paramref name="Control"/> from the control text;
/// either may be empty when words were added or dropped).
/// </summary>
/// <param name="File">The file as given (built-in packs: <c>builtin/ru.jsonl</c>).</param>
/// <param name="Line">1-based line of the row.</param>
/// <param name="Topic">The row's topic.</param>
/// <param name="Language">The language of the texts.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Sensitive">The sensitive side's fragment.</param>
/// <param name="Control">The control side's fragment.</param>
public sealed record ProbeLintFinding(string File, int Line, string Topic, string Language, ProbeLintKind Kind, string Sensitive, string Control)
{
    /// <summary>A one-line description in the CLI's <c>file:line:column: message</c> style.</summary>
    public string Message => Kind switch
    {
        ProbeLintKind.OutsideSlots => $"{File}:{Line}:1: {Topic} [{Language}] differs outside the slots: '{Sensitive}' vs '{Control}'",
        ProbeLintKind.SlotMissing => $"{File}:{Line}:1: {Topic} [{Language}] slot filler '{Sensitive}' is not in the sensitive text",
        ProbeLintKind.Unmarked => $"{File}:{Line}:1: {Topic} [{Language}] no slots; differs: '{Sensitive}' vs '{Control}'",
        _ => $"{File}:{Line}:1: {Topic} [{Language}] sensitive and control are identical",
    };
}
