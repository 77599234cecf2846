using System.Text.RegularExpressions;

namespace Arbiter.Simulator;

/// <summary>
/// The simulator acting as an Arena-Hard-style judge: for a prompt with the two answer sections it
/// grades each answer against the answer key (a known question's right answer wins), and ends with a
/// verdict label. Deterministic per prompt; a judge's own ability sets how often it is swayed by noise,
/// and a few first replies omit the label so that callers' "ask once more" path is exercised.
/// </summary>
internal static partial class JudgeAnswers
{
    private const string StartA = "<|The Start of Assistant A's Answer|>";
    private const string EndA = "<|The End of Assistant A's Answer|>";
    private const string StartB = "<|The Start of Assistant B's Answer|>";
    private const string EndB = "<|The End of Assistant B's Answer|>";
    private const string PromptMark = "<|User Prompt|>";

    public static bool IsJudgePrompt(string prompt) =>
        prompt.Contains(StartA, StringComparison.Ordinal) && prompt.Contains(StartB, StringComparison.Ordinal);

    public static string Write(SimModelProfile judge, string prompt, SimKnowledge knowledge, ref DetRandom rng)
    {
        string question = Between(prompt, PromptMark, StartA);
        string a = Between(prompt, StartA, EndA), b = Between(prompt, StartB, EndB);
        var entry = knowledge.Find(question);
        double qa = Quality(entry, a), qb = Quality(entry, b);

        // A weaker judge is swayed by noise more often (ability 0.9 → 5 %, 0.5 → 25 %).
        double noise = Math.Clamp((1 - judge.BaseAbility) / 2, 0.02, 0.4);
        string label = rng.Chance(noise)
            ? rng.Pick(Labels)
            : qa == qb ? (rng.Chance(0.5) ? "A=B" : rng.Pick(Slight))
            : qa > qb ? (rng.Chance(0.6) ? "A>>B" : "A>B")
            : (rng.Chance(0.6) ? "B>>A" : "B>A");

        string own = entry is null ? "I would answer the prompt directly and concisely." : $"My own answer: {entry.Answer}.";
        bool reminded = prompt.Contains("did not end with a verdict label", StringComparison.Ordinal);
        string ending = !reminded && rng.Chance(0.08)
            ? "Overall the two answers are close; I lean one way but will not commit to a label."
            : $"My final verdict is: [[{label}]]";
        return $"{own}\n\nComparing both assistants with my answer, I checked accuracy, helpfulness and concision.\n\n{ending}";
    }

    private static readonly string[] Labels = ["A>>B", "A>B", "A=B", "B>A", "B>>A"];
    private static readonly string[] Slight = ["A>B", "B>A"];

    /// <summary>1 for a right answer to a known question, 0 for a wrong one, ½ when the key does not know.</summary>
    private static double Quality(SimKnowledgeEntry? entry, string answer)
    {
        if (entry is null) return 0.5;
        if (entry.Choices is { Count: > 0 } choices)
        {
            int index = entry.Answer.Length == 1 ? char.ToUpperInvariant(entry.Answer[0]) - 'A' : -1;
            var letter = StandaloneLetter().Match(answer);
            if (letter.Success)
            {
                char c = letter.Groups[1].Value[0];
                int chosen = c >= 'А' && c <= 'Г' ? c - 'А' : c - 'A';
                return chosen == index ? 1 : 0;
            }

            return index >= 0 && index < choices.Count && answer.Contains(choices[index], StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        }

        return answer.Contains(entry.Answer, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
    }

    /// <summary>The trimmed text between <paramref name="start"/> and <paramref name="end"/> (to the end when <paramref name="end"/> is missing); "" without <paramref name="start"/>.</summary>
    internal static string Between(string text, string start, string end)
    {
        int s = text.IndexOf(start, StringComparison.Ordinal);
        if (s < 0) return "";
        s += start.Length;
        int e = text.IndexOf(end, s, StringComparison.Ordinal);
        return (e < 0 ? text[s..] : text[s..e]).Trim();
    }

    [GeneratedRegex(@"(?<!\p{L})([A-ZА-Г])(?!\p{L})", RegexOptions.CultureInvariant)]
    private static partial Regex StandaloneLetter();
}
