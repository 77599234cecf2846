namespace Arbiter.Simulator;

/// <summary>Language codes and a cheap script-based detector (Cyrillic → ru, CJK → zh, else en).</summary>
internal static class SimLanguage
{
    public const string English = "en";
    public const string Russian = "ru";
    public const string Chinese = "zh";

    /// <summary>"ru-RU", "RU", "rus" → "ru"; empty stays empty.</summary>
    public static string Normalize(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return "";
        }

        var span = language.AsSpan().Trim();
        int cut = span.IndexOfAny('-', '_');
        if (cut > 0)
        {
            span = span[..cut];
        }

        if (span.Length > 2)
        {
            span = span[..2];
        }

        return span.Equals("en", StringComparison.OrdinalIgnoreCase) ? English
            : span.Equals("ru", StringComparison.OrdinalIgnoreCase) ? Russian
            : span.Equals("zh", StringComparison.OrdinalIgnoreCase) ? Chinese
            : span.ToString().ToLowerInvariant();
    }

    public static string Detect(string text)
    {
        int cyrillic = 0, cjk = 0, latin = 0;
        foreach (char c in text)
        {
            if (c is >= '\u0400' and <= '\u04FF')
            {
                cyrillic++;
            }
            else if (IsCjk(c))
            {
                cjk++;
            }
            else if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z'))
            {
                latin++;
            }
        }

        // A CJK character carries roughly a word's worth of meaning, so weigh it up against letters.
        if (cjk > 0 && cjk * 3 >= Math.Max(cyrillic, latin))
        {
            return Chinese;
        }

        return cyrillic > 0 && cyrillic >= latin / 2 ? Russian : English;
    }

    public static bool IsCjk(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u3000' and <= '\u303F')
            or (>= '\uFF00' and <= '\uFFEF') or (>= '\u3040' and <= '\u30FF') or (>= '\uAC00' and <= '\uD7AF');
}
