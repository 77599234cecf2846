using System.Collections.Frozen;

namespace Arbiter.Web.Localization;

/// <summary>
/// The UI strings in English, Russian and Chinese. A key missing in one language falls back to
/// English, so a new string never shows up as its key.
/// </summary>
public sealed class UiText
{
    private static readonly FrozenDictionary<string, UiText> ByCode = new Dictionary<string, UiText>
    {
        ["en"] = new("en", UiStrings.English),
        ["ru"] = new("ru", UiStrings.Russian),
        ["zh"] = new("zh", UiStrings.Chinese),
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, string> _strings;

    private UiText(string code, IReadOnlyDictionary<string, string> strings)
    {
        Code = code;
        _strings = strings.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The language code (<c>en</c>, <c>ru</c>, <c>zh</c>).</summary>
    public string Code { get; }

    /// <summary>The string for <paramref name="key"/> (English fallback, then the key itself).</summary>
    public string this[string key] =>
        _strings.TryGetValue(key, out var s) ? s : ByCode["en"]._strings.TryGetValue(key, out var en) ? en : key;

    /// <summary>
    /// "<paramref name="n"/> thing(s)": the number and the plural form of <paramref name="key"/> for this
    /// language (<c>key.one</c>, <c>key.few</c>, <c>key.many</c>; CLDR rules for Russian, one form in Chinese),
    /// so the page never says "1 battles".
    /// </summary>
    public string Count(string key, long n)
    {
        var form = Code switch
        {
            "ru" => (n % 10 == 1 && n % 100 != 11) ? "one" : (n % 10 is >= 2 and <= 4 && n % 100 is < 12 or > 14) ? "few" : "many",
            "zh" => "many",
            _ => n == 1 ? "one" : "many",
        };
        return n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + this[key + "." + form];
    }

    /// <summary>The texts of a supported code (English otherwise).</summary>
    public static UiText For(string? code) => code is not null && ByCode.TryGetValue(code, out var t) ? t : ByCode["en"];

    /// <summary>Every key of a language (tests check that each language has all English keys).</summary>
    public IEnumerable<string> Keys => _strings.Keys;
}
