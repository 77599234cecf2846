namespace Arbiter.Simulator;

/// <summary>Multiple-choice replies in the natural forms of each language (the scorer must cope with all).</summary>
internal static class ChoiceAnswers
{
    private static readonly string[] English = ["The answer is {0}.", "Answer: ({0})", "**{0}**", "{0}", "The correct option is {0}."];
    private static readonly string[] Russian = ["Ответ: {0}", "Правильный ответ — {0}", "Ответ: {0}.", "{0}"];
    private static readonly string[] Chinese = ["答案是{0}", "选{0}", "正确答案：{0}", "答案：{0}。"];
    private const string CyrillicLetters = "АБВГ";

    public static bool IsChoice(SimKnowledgeEntry entry) =>
        entry.Choices is { Count: > 0 } || entry.Answer.Trim() is { Length: 1 } a && a[0] is >= 'A' and <= 'D';

    public static string Write(SimKnowledgeEntry entry, bool correct, string language, ref DetRandom rng)
    {
        int count = Math.Max(2, entry.Choices?.Count ?? 4);
        int right = LetterIndex(entry.Answer);
        int index = right < 0 || right >= count ? rng.Next(count) // unknown key: a guess
            : correct ? right
            : (right + 1 + rng.Next(count - 1)) % count; // uniform over the other options

        string letter = ((char)('A' + Math.Min(index, 25))).ToString();
        string form;
        switch (language)
        {
            case SimLanguage.Russian:
                form = rng.Pick(Russian);
                // Russian models sometimes answer with the Cyrillic letter of the same position (А Б В Г).
                if (index < CyrillicLetters.Length && rng.Chance(0.3))
                {
                    letter = CyrillicLetters[index].ToString();
                }

                break;
            case SimLanguage.Chinese:
                form = rng.Pick(Chinese);
                break;
            default:
                form = rng.Pick(English);
                break;
        }

        string reply = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, letter);
        if (entry.Choices is { } choices && index < choices.Count && rng.Chance(0.2))
        {
            reply += language == SimLanguage.Chinese ? $"（{choices[index]}）" : $" ({choices[index]})";
        }

        return reply;
    }

    private static int LetterIndex(string answer)
    {
        var trimmed = answer.AsSpan().Trim().Trim("().*");
        if (trimmed.Length != 1)
        {
            return -1;
        }

        char c = char.ToUpperInvariant(trimmed[0]);
        int cyr = CyrillicLetters.IndexOf(c, StringComparison.Ordinal);
        return c is >= 'A' and <= 'Z' ? c - 'A' : cyr;
    }
}
