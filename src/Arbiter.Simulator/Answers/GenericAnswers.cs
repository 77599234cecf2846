using System.Globalization;
using System.Text;

namespace Arbiter.Simulator;

/// <summary>
/// Open-ended replies for prompts outside the knowledge base: varying length, and — at the model's
/// markdown rate — headers, lists and bold, so arena style control has something to control for.
/// </summary>
internal static class GenericAnswers
{
    private static readonly string[] IdentityCues =
    [
        "who are you", "what model are you", "which model are you", "what are you", "your name", "who made you",
        "кто ты", "кто вы", "как тебя зовут", "как вас зовут", "какая ты модель", "что ты за модель",
        "你是谁", "您是谁", "你是什么模型", "你叫什么",
    ];

    private static readonly string[] CodeCues = ["code", "function", "python", "program", "script", "код", "функци", "программ", "代码", "函数", "程序"];

    private const string CodeBlock =
        "```python\ndef solve(items):\n    result = []\n    for item in items:\n        if item is not None:\n" +
        "            result.append(item)\n    return result\n```";

    public static string Write(SimModelProfile profile, string prompt, string language, ref DetRandom rng)
    {
        var phrases = GenericPhrases.For(language);
        if (prompt.Contains(SimProbes.XssCue, StringComparison.Ordinal))
        {
            return SimProbes.XssAnswer;
        }

        if (ContainsAny(prompt, IdentityCues))
        {
            return profile.SelfName is { } self && rng.Chance(0.75)
                ? string.Format(CultureInfo.InvariantCulture, phrases.IdentityNamed, self)
                : phrases.IdentityGeneric;
        }

        if (prompt.Contains("[[A]]", StringComparison.Ordinal) && prompt.Contains("[[B]]", StringComparison.Ordinal))
        {
            return JudgeVerdict(ref rng);
        }

        string separator = language == SimLanguage.Chinese ? "" : " ";
        int sentences = Math.Max(1, (int)Math.Round(rng.Next(2, 10) * profile.Verbosity));
        bool markdown = rng.Chance(profile.MarkdownRate);
        bool code = rng.Chance(ContainsAny(prompt, CodeCues) ? 0.8 : 0.06);

        var sb = new StringBuilder(512);
        if (markdown && rng.Chance(0.7))
        {
            sb.Append("## ").Append(rng.Pick(phrases.Headings)).Append("\n\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"{string.Format(CultureInfo.InvariantCulture, rng.Pick(phrases.Intros), Topic(prompt))}");
        int inParagraph = 1;
        for (int i = 0; i < sentences; i++)
        {
            bool breakHere = inParagraph >= 3 && rng.Chance(0.5);
            sb.Append(breakHere ? "\n\n" : separator).Append(rng.Pick(phrases.Sentences));
            inParagraph = breakHere ? 1 : inParagraph + 1;
        }

        if (markdown)
        {
            AppendList(sb, phrases, separator, ref rng);
        }

        if (code)
        {
            sb.Append("\n\n").Append(CodeBlock);
        }

        if (markdown && sentences >= 6)
        {
            sb.Append("\n\n**").Append(phrases.Summary).Append("** ").Append(rng.Pick(phrases.Sentences));
        }

        return sb.ToString();
    }

    private static void AppendList(StringBuilder sb, GenericPhrases phrases, string separator, ref DetRandom rng)
    {
        sb.Append("\n\n### ").Append(rng.Pick(phrases.PointsHeadings)).Append("\n\n");
        bool numbered = rng.Chance(0.4);
        int items = rng.Next(2, 6);
        for (int i = 0; i < items; i++)
        {
            sb.Append(numbered ? $"{(i + 1).ToString(CultureInfo.InvariantCulture)}. " : "- ");
            if (rng.Chance(0.7))
            {
                sb.Append("**").Append(rng.Pick(phrases.BoldLabels)).Append("**:").Append(separator);
            }

            sb.Append(rng.Pick(phrases.Sentences)).Append('\n');
        }

        sb.Length--;
    }

    /// <summary>A judge verdict in the MT-Bench convention ([[A]], [[B]], [[C]] for a tie).</summary>
    private static string JudgeVerdict(ref DetRandom rng)
    {
        double u = rng.NextDouble();
        string verdict = u < 0.42 ? "[[A]]" : u < 0.84 ? "[[B]]" : "[[C]]";
        return $"Both responses address the question; comparing helpfulness, accuracy and clarity, my final verdict is: {verdict}";
    }

    /// <summary>The first few words of the prompt, to echo back as the topic.</summary>
    private static string Topic(string prompt)
    {
        var span = prompt.AsSpan().Trim();
        int newline = span.IndexOf('\n');
        if (newline > 0)
        {
            span = span[..newline];
        }

        int limit = Math.Min(span.Length, 60);
        int cut = limit;
        if (span.Length > limit)
        {
            int space = span[..limit].LastIndexOf(' ');
            cut = space > 20 ? space : limit;
        }

        return span[..cut].TrimEnd(" ?!.,:;？！。，").ToString();
    }

    private static bool ContainsAny(string text, string[] cues)
    {
        foreach (string cue in cues)
        {
            if (text.Contains(cue, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
