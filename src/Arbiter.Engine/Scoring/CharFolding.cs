using System.Text;

namespace Arbiter.Engine.Scoring;

/// <summary>
/// Folds the ways a digit or an option letter can be typed into ASCII before numbers and choices are
/// read: full-width forms from CJK input methods (<c>１２３</c>, <c>Ｂ</c>, <c>－</c>, <c>．</c>) and
/// decimal digits of every script (Arabic-Indic <c>١٢٣</c>, Persian <c>۴۵</c>, Devanagari <c>१२</c>…),
/// which .NET's <c>\d</c> matches but <see cref="decimal"/> cannot parse.
/// </summary>
internal static class CharFolding
{
    /// <summary>Returns <paramref name="text"/> with full-width ASCII forms and non-ASCII digits folded.</summary>
    public static string Fold(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var f = FoldChar(c);
            if (f == c && sb is null) continue;
            sb ??= new StringBuilder(text.Length).Append(text, 0, i);
            sb.Append(f);
        }

        return sb?.ToString() ?? text;
    }

    private static char FoldChar(char c)
    {
        if (c < 0x80) return c;

        // U+FF01–U+FF5E is NFKC-equivalent to ASCII at a fixed offset. The full-width comma stays:
        // in Chinese it separates clauses ("答案是3，5个人…"), and as ',' it would read as a decimal comma.
        if (c is >= '\uFF01' and <= '\uFF5E' && c != '\uFF0C') return (char)(c - 0xFEE0);
        if (c == '\u3000') return ' ';
        if (c == '\u066B') return '.'; // Arabic decimal separator
        if (c == '\u066C') return ','; // Arabic thousands separator
        if (char.IsDigit(c)) return (char)('0' + (int)char.GetNumericValue(c));
        return c;
    }
}
