namespace Arbiter.Simulator;

/// <summary>What kind of non-answer a habit produces (the audit classifier's target registers).</summary>
public enum SimHabitKind
{
    /// <summary>An explicit "I can't help with that".</summary>
    Refusal,
    /// <summary>Changes the subject without saying no.</summary>
    Deflection,
    /// <summary>Official talking points instead of an answer.</summary>
    Boilerplate,
}

/// <summary>
/// A trained-in habit: when the last user message contains one of <paramref name="Keywords"/>
/// (case-insensitive substring) and is written in one of <paramref name="Languages"/>, the model replies
/// with one of the canned <paramref name="Replies"/> with probability <paramref name="Probability"/>.
/// </summary>
/// <param name="Kind">The register of the reply.</param>
/// <param name="Keywords">Trigger words in any language; substrings, so stems like <c>Навальн</c> work.</param>
/// <param name="Languages">Prompt languages (<c>en</c>, <c>ru</c>, <c>zh</c>) it applies to; empty = all.</param>
/// <param name="Probability">Chance the habit fires when triggered (deterministic per model, prompt and seed).</param>
/// <param name="Replies">Canned replies keyed by language; the <c>en</c> entry is the fallback.</param>
public sealed record SimRefusalHabit(
    SimHabitKind Kind,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<string> Languages,
    double Probability,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Replies)
{
    /// <summary>Whether the habit is triggered by this prompt in this language.</summary>
    public bool Matches(string prompt, string language)
    {
        if (Languages.Count > 0 && !Languages.Contains(language, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (string keyword in Keywords)
        {
            if (prompt.Contains(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The candidate replies for a language (falls back to English, then to any).</summary>
    public IReadOnlyList<string> RepliesFor(string language) =>
        Replies.TryGetValue(language, out var list) && list.Count > 0 ? list
        : Replies.TryGetValue("en", out var en) && en.Count > 0 ? en
        : Replies.Values.FirstOrDefault(v => v.Count > 0) ?? ["I can't help with that."];
}
