using Arbiter.Core.Runs;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.Scoring;

/// <summary>
/// <c>contains</c>: an accepted answer occurs in the response as whole words ("cat" is not found in
/// "concatenate", "12" not in "123"). Ends of a target written in a script without spaces between
/// words (Chinese, Japanese, Thai…) need no boundary. <c>substring</c>: anywhere, inside words too.
/// Both compare normalised text (case, NFKC, punctuation; see <see cref="ScorerFactory.NormalizeText(string)"/>).
/// </summary>
internal sealed class ContainsScorer(bool wholeWords) : IScorer
{
    public static readonly ContainsScorer WholeWords = new(wholeWords: true);

    public static readonly ContainsScorer Substring = new(wholeWords: false);

    public ScoreResult Score(SuiteItem item, string answer)
    {
        var norm = ScorerFactory.NormalizeText(answer);
        // Punctuation dropped ("U.S.A." = "USA") and punctuation as a word break ("Moscow's" has "Moscow"):
        // either reading that finds the target counts.
        var spaced = wholeWords ? ScorerFactory.NormalizeText(answer, punctuationSeparates: true) : norm;
        foreach (var accepted in ScorerFactory.Accepted(item))
        {
            var a = ScorerFactory.NormalizeText(accepted);
            if (a.Length == 0) continue;
            var found = wholeWords
                ? ContainsWord(norm, a) || ContainsWord(spaced, ScorerFactory.NormalizeText(accepted, punctuationSeparates: true))
                : norm.Contains(a, StringComparison.Ordinal);
            if (found) return new ScoreResult(1, accepted, $"answer contains \"{ChoiceScorer.Clip(accepted)}\"{(wholeWords ? " as whole words" : "")}");
        }

        return new ScoreResult(0, null, wholeWords ? "answer contains none of the accepted answers as whole words" : "answer contains none of the accepted answers");
    }

    private static bool ContainsWord(string text, string target)
    {
        if (target.Length == 0) return false;
        var checkLeft = IsSpacedWordChar(target[0]);
        var checkRight = IsSpacedWordChar(target[^1]);
        for (var at = text.IndexOf(target, StringComparison.Ordinal); at >= 0; at = text.IndexOf(target, at + 1, StringComparison.Ordinal))
        {
            var end = at + target.Length;
            var leftOk = !checkLeft || at == 0 || !IsSpacedWordChar(text[at - 1]);
            var rightOk = !checkRight || end == text.Length || !IsSpacedWordChar(text[end]);
            if (leftOk && rightOk) return true;
        }

        return false;
    }

    // A letter or digit of a script that puts spaces between words: only there is a word boundary visible.
    private static bool IsSpacedWordChar(char c) => char.IsLetterOrDigit(c) && !IsUnspacedScript(c);

    private static bool IsUnspacedScript(char c) => c is
        (>= '\u0E00' and <= '\u0EFF') // Thai, Lao
        or (>= '\u1000' and <= '\u109F') // Myanmar
        or (>= '\u1780' and <= '\u17FF') // Khmer
        or (>= '\u3040' and <= '\u30FF') // Hiragana, Katakana
        or (>= '\u3400' and <= '\u4DBF') // CJK extension A
        or (>= '\u4E00' and <= '\u9FFF') // CJK unified ideographs
        or (>= '\uF900' and <= '\uFAFF'); // CJK compatibility ideographs
}
