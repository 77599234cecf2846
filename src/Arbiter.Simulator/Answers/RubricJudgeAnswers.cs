using System.Text.RegularExpressions;

namespace Arbiter.Simulator;

/// <summary>
/// The simulator acting as a rubric judge (the engine's <c>scorer: rubric</c>, promptfoo's <c>llm-rubric</c>): for a
/// prompt with <c>&lt;Output&gt;</c> and <c>&lt;Rubric&gt;</c> sections it passes the output when it contains the
/// rubric's first double-quoted phrase (case-insensitive) and fails it otherwise. A rubric without a quoted phrase gets
/// a reply with no verdict at all, so callers' parse-failure path can be exercised on purpose. The verdict is written
/// either as promptfoo's JSON object or as a plain PASS/FAIL line (chosen per prompt), as real judges vary.
/// </summary>
internal static partial class RubricJudgeAnswers
{
    // The engine's RubricPrompt markers; the simulator does not reference the engine, so they are repeated here.
    private const string OutputStart = "<Output>", OutputEnd = "</Output>", RubricStart = "<Rubric>", RubricEnd = "</Rubric>";

    public static bool IsRubricPrompt(string prompt) =>
        prompt.Contains(OutputStart, StringComparison.Ordinal) && prompt.Contains(RubricStart, StringComparison.Ordinal);

    public static string Write(string prompt, ref DetRandom rng)
    {
        string output = JudgeAnswers.Between(prompt, OutputStart, OutputEnd), rubric = JudgeAnswers.Between(prompt, RubricStart, RubricEnd);
        var phrase = Quoted().Match(rubric);
        if (!phrase.Success) return "This rubric is hard to apply; the output has some merits and some faults.";
        bool pass = output.Contains(phrase.Groups[1].Value, StringComparison.OrdinalIgnoreCase);
        string reason = pass ? $"the output contains \\\"{phrase.Groups[1].Value}\\\"" : $"the output does not contain \\\"{phrase.Groups[1].Value}\\\"";
        return rng.Chance(0.5)
            ? $"{{\"reason\": \"{reason}\", \"pass\": {(pass ? "true" : "false")}, \"score\": {(pass ? "1.0" : "0.0")}}}"
            : $"I compared the output with the rubric.\n\nVerdict: {(pass ? "PASS" : "FAIL")}";
    }

    [GeneratedRegex("\"([^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();
}
