namespace Arbiter.Simulator;

/// <summary>One canned non-answer of the zoo with its true register (the simulator's ground truth for the audit).</summary>
/// <param name="Language">Language of the text (<c>en</c>, <c>ru</c>, <c>zh</c>).</param>
/// <param name="Register">The audit register it was written as: <c>refusal</c>, <c>deflection</c>, <c>propaganda</c> or <c>partial</c>.</param>
/// <param name="Text">The reply, verbatim.</param>
public sealed record SimNonAnswer(string Language, string Register, string Text);

internal static class SimNonAnswerText
{
    /// <summary>Every opening followed by every continuation: varied texts from a few hand-written pieces.</summary>
    public static IReadOnlyList<string> Cross(string[] openings, string[] continuations, string separator) =>
        [.. openings.SelectMany(o => continuations.Select(c => o + separator + c))];
}
