using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Arbiter.Engine.Scoring.Rubric;

/// <summary>What a rubric judge said: pass or fail, a score in [0, 1] and its reason.</summary>
/// <param name="Pass">Whether the answer meets the rubric.</param>
/// <param name="Score">1/0 from <paramref name="Pass"/>, or the judge's own score when it gave only a score.</param>
/// <param name="Reason">The judge's reason (may be empty).</param>
public sealed record RubricVerdict(bool Pass, double Score, string Reason);

/// <summary>
/// The prompt of the model-graded scorer and the parser of its replies. The shape is promptfoo's
/// <c>llm-rubric</c> grader (DEFAULT_GRADING_PROMPT in promptfoo src/prompts: an <c>&lt;Output&gt;</c> and a
/// <c>&lt;Rubric&gt;</c>, answered with a JSON object <c>{"reason", "pass", "score"}</c>), so a promptfoo rubric
/// means here what it meant there. Judges that ignore the JSON instruction are still read when they end
/// with a plain <c>PASS</c> or <c>FAIL</c> verdict; anything else is a parse failure, never a silent 0.
/// </summary>
public static partial class RubricPrompt
{
    /// <summary>Marks the sections; the simulator's rubric judge looks for the same strings.</summary>
    public const string OutputStart = "<Output>", OutputEnd = "</Output>", RubricStart = "<Rubric>", RubricEnd = "</Rubric>";

    /// <summary>The judge's system prompt.</summary>
    public const string System =
        "You are grading output according to a user-specified rubric. If the statement in the rubric is true of the output, " +
        "the output passes. Respond with only a JSON object of this structure: {\"reason\": string, \"pass\": boolean, \"score\": number}, " +
        "where score is between 0.0 and 1.0.\n\nExample:\n<Output>Hello world</Output>\n<Rubric>Contains a greeting</Rubric>\n" +
        "{\"reason\": \"the output says hello\", \"pass\": true, \"score\": 1.0}";

    /// <summary>The user turn: the question that was asked (when known), the output and the rubric.</summary>
    public static string User(string? question, string output, string rubric) =>
        (string.IsNullOrWhiteSpace(question) ? "" : "<Question>\n" + question.Trim() + "\n</Question>\n") +
        OutputStart + "\n" + output + "\n" + OutputEnd + "\n" + RubricStart + "\n" + rubric.Trim() + "\n" + RubricEnd;

    /// <summary>The verdict in a judge's reply, or null when it holds none (the failure is the caller's to count).</summary>
    public static RubricVerdict? Parse(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply)) return null;
        // The last JSON object with "pass" or "score" wins: judges sometimes quote the example first.
        RubricVerdict? found = null;
        foreach (Match m in JsonObject().Matches(reply))
        {
            if (FromJson(m.Value) is { } v) found = v;
        }

        if (found is not null) return found;
        var words = PlainVerdict().Matches(reply);
        if (words.Count == 0) return null;
        var pass = string.Equals(words[^1].Groups[1].Value, "PASS", StringComparison.OrdinalIgnoreCase);
        return new RubricVerdict(pass, pass ? 1 : 0, reply.Trim());
    }

    private static RubricVerdict? FromJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
            double? score = root.TryGetProperty("score", out var s) ? s.ValueKind switch
            {
                JsonValueKind.Number => s.GetDouble(),
                JsonValueKind.String when double.TryParse(s.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                _ => null,
            } : null;
            bool? pass = root.TryGetProperty("pass", out var p) ? p.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(p.GetString(), out var b) => b,
                _ => null,
            } : null;
            if (score is { } sc && (!double.IsFinite(sc) || sc < 0 || sc > 1)) score = null;
            // "pass" decides when given; a reply with only a score is scored by it (and passes above 0).
            if (pass is { } ok) return new RubricVerdict(ok, ok ? 1 : 0, reason);
            return score is { } only ? new RubricVerdict(only > 0, only, reason) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\{[^{}]*\}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex JsonObject();

    // A verdict word on a line of its own (optionally "verdict:" and markdown emphasis), not "pass" inside a sentence.
    [GeneratedRegex(@"(?im)^[\s*#>_-]*(?:(?:final\s+)?verdict\s*[:=]?\s*)?[*_\[]*(PASS|FAIL)[*_\]]*[.!]?\s*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PlainVerdict();
}
