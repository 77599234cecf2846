using System.Text.RegularExpressions;

namespace Arbiter.Engine.Arena;

/// <summary>
/// The category of an arena prompt when the voter typed it (LMArena-style: coding, maths, creative
/// writing, long prompts), so the board can be filtered by what was asked. Rules are checked in that order
/// and work in English, Russian and Chinese; anything else is <c>open</c>. A category sent by a client is
/// kept only when it is one of the allowed ones, so a request cannot invent board filters.
/// </summary>
public static partial class PromptCategories
{
    /// <summary>No rule matched.</summary>
    public const string Open = "open";

    /// <summary>The categories <see cref="Detect"/> can return.</summary>
    public static IReadOnlyList<string> Detected { get; } = ["coding", "math", "creative-writing", "long-prompt", Open];

    /// <summary>Prompts longer than this many characters are <c>long-prompt</c> (unless a content rule matched first).</summary>
    public const int LongPromptChars = 1000;

    /// <summary>The category of <paramref name="prompt"/>.</summary>
    public static string Detect(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (Code().IsMatch(prompt)) return "coding";
        if (Maths().IsMatch(prompt)) return "math";
        if (Creative().IsMatch(prompt)) return "creative-writing";
        return prompt.Length > LongPromptChars ? "long-prompt" : Open;
    }

    /// <summary>
    /// <paramref name="requested"/> (normalised) when it is in <paramref name="allowed"/> or one
    /// <see cref="Detect"/> can return; otherwise the detected category of <paramref name="prompt"/>.
    /// </summary>
    public static string Choose(string? requested, string prompt, IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var wanted = requested?.Trim().ToLowerInvariant();
        return !string.IsNullOrEmpty(wanted) && (Detected.Contains(wanted) || allowed.Contains(wanted, StringComparer.OrdinalIgnoreCase))
            ? wanted
            : Detect(prompt);
    }

    [GeneratedRegex(@"```|\b(python|javascript|typescript|java|c\+\+|c#|golang|rust|sql|regex|bash|function|def|class|compile|debug|stack trace)\b|функци|программ|код\b|代码|函数|编程|程序", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Code();

    [GeneratedRegex(@"\d\s*[-+*/^×÷=]\s*\d|\b(solve|equation|integral|derivative|probability|prove|theorem|calculate)\b|уравнени|интеграл|производн|вычисли|реши|方程|积分|导数|概率|证明|计算", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Maths();

    [GeneratedRegex(@"\b(poem|story|song|lyrics|haiku|sonnet|fairy tale|screenplay)\b|стих|рассказ|сказк|песн|诗|故事|小说|歌词", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Creative();
}
