using System.Globalization;
using System.Text.RegularExpressions;

namespace Arbiter.Engine.Scoring;

/// <summary>
/// Finds numbers in free text written in any of our languages' conventions: <c>1,234.5</c>,
/// <c>1 234,5</c> (also with no-break/thin spaces), <c>1.234,5</c>, Indian <c>1,00,000</c>, <c>-7</c>,
/// <c>12%</c>, <c>1e6</c>, full-width and non-Latin digits (<c>１２３</c>, <c>١٢٣</c>), with trailing
/// units ignored.
/// </summary>
public static partial class NumberExtractor
{
    // Digits with optional group separators (comma, dot, apostrophe, spaces; Indian lakh grouping),
    // one decimal part and an exponent ("1e6", "1.5 × 10^6", "3·10⁸": without it the scorer read 1, then 6).
    [GeneratedRegex(@"(?<![A-Za-zА-Яа-яЁё\d])[-−–]?(?:\d{1,3}(?:[ \u00A0\u202F\u2009,.'’]\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d+)(?:[.,]\d+)?(?:[eE][-+−]?\d+|\s*[×xX*·]\s*10(?:\s*\^\s*[-+−]?\d+|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))?(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"(?:[eE]|[×xX*·]10\^?)(?<p>[-+]?[\d⁰¹²³⁴⁵⁶⁷⁸⁹]+)$|[×xX*·]10(?<p>[⁻⁺][⁰¹²³⁴⁵⁶⁷⁸⁹]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Power();

    private const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    [GeneratedRegex(@"####\s*|(?:final answer|answer|ответ|答案|结果)\s*(?:is|:|：|是|—|-|=)?\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnswerMarker();

    /// <summary>
    /// The answer number: the first number after the last answer marker ("answer is", "Ответ:",
    /// "答案", "####") when present, else the last number in the text.
    /// </summary>
    public static (decimal Value, string Raw)? ExtractAnswer(string text)
    {
        text = CharFolding.Fold(text);
        var markers = AnswerMarker().Matches(text);
        for (var i = markers.Count - 1; i >= 0; i--)
        {
            var after = text.AsSpan(markers[i].Index + markers[i].Length);
            var window = after.Length > 80 ? after[..80].ToString() : after.ToString();
            var m = NumberPattern().Match(window);
            if (m.Success && Parse(m.Value) is { } v) return (v, m.Value);
        }

        var all = NumberPattern().Matches(text);
        for (var i = all.Count - 1; i >= 0; i--)
        {
            if (Parse(all[i].Value) is { } v) return (v, all[i].Value);
        }

        return null;
    }

    /// <summary>Parses one number token in any of the supported conventions.</summary>
    public static decimal? Parse(string token)
    {
        var s = CharFolding.Fold(token).Trim().Replace('−', '-').Replace('–', '-');
        s = s.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal)
             .Replace("\u202F", "", StringComparison.Ordinal).Replace("\u2009", "", StringComparison.Ordinal)
             .Replace("'", "", StringComparison.Ordinal).Replace("’", "", StringComparison.Ordinal);
        var power = "";
        if (Power().Match(s) is { Success: true } p)
        {
            power = "e" + string.Concat(p.Groups["p"].Value.Select(c => c switch
            {
                '⁻' => '-',
                '⁺' => '+',
                _ when Superscripts.IndexOf(c, StringComparison.Ordinal) is var d and >= 0 => (char)('0' + d),
                _ => c,
            }));
            s = s[..p.Index];
        }
        var lastDot = s.LastIndexOf('.');
        var lastComma = s.LastIndexOf(',');
        if (lastDot >= 0 && lastComma >= 0)
        {
            // Both present: the later one is the decimal separator.
            var dec = Math.Max(lastDot, lastComma);
            var group = dec == lastDot ? ',' : '.';
            s = s.Replace(group.ToString(), "", StringComparison.Ordinal);
            s = s.Replace(',', '.');
        }
        else if (lastComma >= 0)
        {
            // "2,125", "1,234,567" and Indian "1,00,000" are grouping; "3,5" and "12,25" are decimals (ru/eu).
            var groups = s.Split(',');
            var grouping = groups.Length > 2 || (groups[1].Length == 3 && groups[0].TrimStart('-').Length is >= 1 and <= 3);
            s = grouping ? s.Replace(",", "", StringComparison.Ordinal) : s.Replace(',', '.');
        }
        else if (lastDot >= 0 && s.Count(c => c == '.') > 1)
        {
            s = s.Replace(".", "", StringComparison.Ordinal);
        }

        // Beyond decimal's range (1e400) TryParse fails: no number rather than an overflow.
        return decimal.TryParse(s + power, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
