using System.Globalization;
using System.Text.RegularExpressions;

namespace Arbiter.Simulator.Tests.Answers;

/// <summary>Synthetic knowledge and answer parsing for calibration tests.</summary>
internal static partial class Calibration
{
    public static SimKnowledgeEntry[] Entries(int count, string language, string domain = "general") =>
        [.. Enumerable.Range(0, count).Select(i => new SimKnowledgeEntry(
            $"Synthetic question {i.ToString(CultureInfo.InvariantCulture)}: which option is correct?", domain, language,
            ((char)('A' + (i % 4))).ToString(), ["first", "second", "third", "fourth"]))];

    /// <summary>How the runner renders an MC item: question paragraph, choice lines, instruction.</summary>
    public static string Prompt(SimKnowledgeEntry entry) =>
        entry.Question + "\n\n" + string.Join("\n", entry.Choices!.Select((c, i) => $"{(char)('A' + i)}. {c}"))
        + "\n\nAnswer with the letter of the correct option.";

    /// <summary>The letter an answer names: a standalone A–D, or a Cyrillic А–Г at the same position.</summary>
    public static char? Letter(string answer)
    {
        var match = LetterPattern().Match(answer);
        if (!match.Success)
        {
            return null;
        }

        char c = match.Groups[1].Value[0];
        int cyr = "АБВГ".IndexOf(c, StringComparison.Ordinal);
        return cyr >= 0 ? (char)('A' + cyr) : c;
    }

    [GeneratedRegex(@"(?<![A-Za-zА-Яа-я])([A-DАБВГ])(?![A-Za-zА-Яа-я])")]
    private static partial Regex LetterPattern();
}
