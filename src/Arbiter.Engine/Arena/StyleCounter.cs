using System.Text.RegularExpressions;
using Arbiter.Core.Arena;

namespace Arbiter.Engine.Arena;

/// <summary>
/// Style counts of an answer for arena style control, following FastChat's <c>count_markdown_elements</c>:
/// headers, list items and bold spans are counted after fenced code blocks are removed (code is not
/// "formatting"); the token count is of the whole answer, as FastChat's <c>sum_assistant_tokens</c> is.
/// </summary>
public static partial class StyleCounter
{
    /// <summary>Counts the style features of <paramref name="answer"/>.</summary>
    public static AnswerStyle Count(string? answer)
    {
        if (string.IsNullOrEmpty(answer))
        {
            return new AnswerStyle(0, 0, 0, 0);
        }

        string prose = FencedCode().Replace(answer, "");
        return new AnswerStyle(
            ApproximateTokens(answer),
            Headers().Count(prose),
            ListItems().Count(prose),
            BoldStars().Count(prose) + BoldUnderscores().Count(prose));
    }

    /// <summary>
    /// An approximate BPE token count without a tokenizer: about one token per four characters of a
    /// word, one per punctuation mark, and one per CJK character (which BPE vocabularies rarely merge).
    /// </summary>
    public static int ApproximateTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int tokens = 0, word = 0;
        foreach (char c in text)
        {
            if (IsCjk(c))
            {
                tokens += Flush(ref word) + 1;
            }
            else if (char.IsLetterOrDigit(c))
            {
                word++;
            }
            else
            {
                tokens += Flush(ref word) + (char.IsWhiteSpace(c) ? 0 : 1);
            }
        }

        return tokens + Flush(ref word);
    }

    private static int Flush(ref int word)
    {
        int t = (word + 3) / 4;
        word = 0;
        return t;
    }

    private static bool IsCjk(char c) => c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF');

    [GeneratedRegex(@"```[^\n]*\n.*?(```|\z)", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"^#{1,6}[ \t]", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Headers();

    [GeneratedRegex(@"^[ \t]*(?:[-*+]|\d+\.)[ \t]+\S", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ListItems();

    [GeneratedRegex(@"\*\*[^*\n]+\*\*", RegexOptions.CultureInvariant)]
    private static partial Regex BoldStars();

    [GeneratedRegex(@"__[^_\n]+__", RegexOptions.CultureInvariant)]
    private static partial Regex BoldUnderscores();
}
