using Arbiter.Core.Models;

namespace Arbiter.Web.Arena;

/// <summary>
/// Detects an answer that gives its model away ("I am Atlas, made by …"). Such a battle is no longer
/// blind, so it is stored flagged and the anonymous leaderboard leaves it out.
/// </summary>
public static class IdentityLeak
{
    // Parts of model ids that name a size or variant, not a model: "large", "pro", "8b" say nothing.
    private static readonly HashSet<string> Generic = new(StringComparer.OrdinalIgnoreCase)
    {
        "sim", "large", "small", "medium", "mini", "base", "chat", "instruct", "pro", "plus", "max", "lite", "turbo",
        "preview", "latest", "open", "model", "simulated", "lab", "labs", "weights", "the", "and",
    };

    /// <summary>The words that identify <paramref name="spec"/>: its id, model name, distinctive id parts and vendor.</summary>
    public static IReadOnlyList<string> TermsFor(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var terms = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { spec.Id, spec.Model };
        foreach (var part in (spec.Id + "-" + spec.Model).Split(['-', '_', '/', ':', '.', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Length >= 4 && !Generic.Contains(part) && !part.Any(char.IsDigit)) terms.Add(part);
        }

        // "US / Simulated Labs" → the organisation after the slash.
        if (spec.Origin is { } origin && origin.Split('/') is [_, var org] && org.Trim() is { Length: >= 4 } vendor && !vendor.Contains('(', StringComparison.Ordinal))
        {
            terms.Add(vendor);
        }

        return [.. terms];
    }

    /// <summary>True when <paramref name="answer"/> contains one of <paramref name="terms"/> as a whole word.</summary>
    public static bool Reveals(string? answer, IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (string.IsNullOrEmpty(answer)) return false;
        foreach (var term in terms)
        {
            var at = 0;
            while ((at = answer.IndexOf(term, at, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                var before = at == 0 || !char.IsLetterOrDigit(answer[at - 1]);
                var end = at + term.Length;
                var after = end >= answer.Length || !char.IsLetterOrDigit(answer[end]);
                if (before && after) return true;
                at = end;
            }
        }

        return false;
    }
}
