namespace Arbiter.Engine.Text;

/// <summary>
/// A cheap script-based language guess (Cyrillic → ru, CJK → zh, else en): the one rule for the audit's
/// language-switch signal, probe imports and the arena's prompt language.
/// </summary>
public static class ScriptLanguage
{
    /// <summary>Whether the code is one the detector can return.</summary>
    public static bool IsKnown(string language) => language is "en" or "ru" or "zh";

    /// <summary>Guesses the language of <paramref name="text"/> from its first few thousand characters.</summary>
    public static string Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int cyrillic = 0, cjk = 0, latin = 0;
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, 4000)))
        {
            if (c is >= '\u0400' and <= '\u04FF') cyrillic++;
            else if (c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF')) cjk++;
            else if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z')) latin++;
        }

        // A CJK character carries roughly a word's worth of meaning, so weigh it up against letters.
        if (cjk > 0 && cjk * 3 >= Math.Max(cyrillic, latin)) return "zh";
        return cyrillic > 0 && cyrillic >= latin / 2 ? "ru" : "en";
    }
}
