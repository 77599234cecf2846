using System.Text.RegularExpressions;

namespace Arbiter.Engine.Scoring;

/// <summary>
/// Extracts a multiple-choice letter from an answer in English, Russian or Chinese style:
/// "The answer is (B)", "Answer: B", "**B**", "Ответ: Б" (Cyrillic А–Г stand for A–D), "答案是B",
/// "选B", full-width "Ｂ", "I'd go with C", "Я выбираю В". Explicit answer markers win over bare
/// letters; the last marker wins because models often restate their final choice at the end. A list of
/// the options ("A, B, C or D?") is not a choice.
/// </summary>
public static partial class ChoiceExtractor
{
    private const string Letter = "[A-ZА-ДＡ-Ｚ]";

    [GeneratedRegex(@"(?:answer|option|choice)\s*(?:is|would be|:|：|=)?\s*(?:option\s*)?[\(\[\*「“""']*\s*(?<l>" + Letter + @")(?![A-Za-zА-Яа-яЁё\d])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishMarker();

    // A stated choice without the word "answer": "I'd go with C", "I'll pick B", "I choose D"; not
    // an echoed instruction listing the options ("Choose A, B, C or D").
    [GeneratedRegex(@"\b(?:go(?:es|ing)?\s+with|went\s+with|choose|chose|choosing|pick(?:ed|ing)?|select(?:ed|ing)?|settle\s+on|opt\s+for)\s*(?:option\s*)?[\(\[\*「“""']*\s*(?<l>" + Letter + @")(?![A-Za-zА-Яа-яЁё\d])(?!\s*(?:,|/|or\s|and\s)\s*" + Letter + @"(?![A-Za-zА-Яа-яЁё\d]))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishChoiceVerb();

    [GeneratedRegex(@"(?:ответ|вариант|выбираю|выберу|выбрал[аи]?|выбор)\s*(?:[—:\-–=]|это|будет)?\s*[\(\[\*«""']*\s*(?<l>" + Letter + @")(?![A-Za-zА-Яа-яЁё\d])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RussianMarker();

    [GeneratedRegex(@"(?:答案|选项|选择|应选|选)\s*(?:是|为|应该是|应为|：|:)?\s*[\(\（\[【\*「“""]*\s*(?<l>" + Letter + @")(?![A-Za-zА-Яа-яЁё\d])", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseMarker();

    [GeneratedRegex(@"(?:\*\*|__)\s*\(?(?<l>" + Letter + @")\)?[.)]?\s*(?:\*\*|__)", RegexOptions.CultureInvariant)]
    private static partial Regex Bold();

    [GeneratedRegex(@"^\s*[\(\[]?(?<l>" + Letter + @")[\)\].:：、]?(?:\s|$)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LineStart();

    // A letter standing alone as the last sentence ("Hmm, A or B... B."), not the end of a list
    // ("It could be A, B, C or D.") nor a word's tail ("vitamin D.").
    [GeneratedRegex(@"(?:^|[.!?…:：。！？\n])\s*[\(\[]?(?<l>" + Letter + @")[\)\]]?[.!。！]*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex LastSentence();

    /// <summary>The letter (Latin A–Z) and the text it was taken from, or null.</summary>
    public static (char Letter, string Evidence)? Extract(string text, int choiceCount = 4)
    {
        text = CharFolding.Fold(text);
        var trimmed = text.Trim().TrimEnd('.', '。', '!', ')').TrimStart('(');
        if (trimmed.Length == 1 && Normalize(trimmed[0], choiceCount) is { } only) return (only, trimmed);

        (char, string)? best = null;
        var bestIndex = -1;
        foreach (var regex in new[] { EnglishMarker(), EnglishChoiceVerb(), RussianMarker(), ChineseMarker() })
        {
            foreach (Match m in regex.Matches(text))
            {
                if (m.Index > bestIndex && Normalize(m.Groups["l"].Value[0], choiceCount) is { } l)
                {
                    best = (l, m.Value.Trim());
                    bestIndex = m.Index;
                }
            }
        }

        if (best is not null) return best;
        foreach (var regex in new[] { Bold(), LineStart(), LastSentence() })
        {
            var matches = regex.Matches(text);
            for (var i = matches.Count - 1; i >= 0; i--)
            {
                if (Normalize(matches[i].Groups["l"].Value[0], choiceCount) is { } l) return (l, matches[i].Value.Trim());
            }
        }

        return null;
    }

    /// <summary>Maps Latin, Cyrillic (А Б В Г …) and full-width letters to Latin A–Z within the choice count.</summary>
    public static char? Normalize(char c, int choiceCount)
    {
        int index = c switch
        {
            >= 'A' and <= 'Z' => c - 'A',
            >= 'a' and <= 'z' => -1, // lowercase letters are words ("a"), not options
            'А' => 0,
            'Б' => 1,
            'В' => 2,
            'Г' => 3,
            'Д' => 4,
            >= 'Ａ' and <= 'Ｚ' => c - 'Ａ',
            _ => -1,
        };
        return index >= 0 && index < choiceCount ? (char)('A' + index) : null;
    }
}
