using System.Text.RegularExpressions;

namespace Arbiter.Engine.Arena.Moderation;

/// <summary>
/// Applies <see cref="ModerationRules"/> to a prompt: the blocklist, then the patterns, then (only for
/// a prompt both let through) the moderation model. Built once at start; thread-safe.
/// </summary>
public sealed class PromptModerator
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private readonly (string Term, Regex Match)[] _terms;
    private readonly Regex[] _patterns;
    private readonly IModerationModel? _model;

    /// <summary>Compiles the rules.</summary>
    /// <exception cref="ArgumentException">A pattern is not a valid regular expression or a term is blank; the message names it (<c>patterns[2]</c>).</exception>
    public PromptModerator(ModerationRules rules, IModerationModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
        _model = rules.Model is null ? null : model;
        _terms = [.. rules.Blocklist.Select((t, i) => string.IsNullOrWhiteSpace(t)
            ? throw new ArgumentException($"blocklist[{i}] is empty.", nameof(rules))
            : (t.Trim(), new Regex(TermPattern(t.Trim()), Options, rules.MatchTimeout)))];
        _patterns = [.. rules.Patterns.Select((p, i) => Compile(p, i, rules.MatchTimeout))];
    }

    /// <summary>The rules in force.</summary>
    public ModerationRules Rules { get; }

    /// <summary>The lists' verdict (no model call).</summary>
    public ModerationVerdict Check(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        foreach (var (term, match) in _terms)
        {
            if (Matches(match, prompt, out var timedOut)) return ModerationVerdict.Block($"blocklist: {term}" + (timedOut ? " (timed out)" : ""));
        }

        for (var i = 0; i < _patterns.Length; i++)
        {
            if (Matches(_patterns[i], prompt, out var timedOut)) return ModerationVerdict.Block($"pattern {i + 1}" + (timedOut ? " (timed out)" : ""));
        }

        return ModerationVerdict.Allowed;
    }

    /// <summary>The lists' verdict, then the model's for a prompt the lists let through.</summary>
    public async Task<ModerationVerdict> CheckAsync(string prompt, CancellationToken cancellationToken = default)
    {
        var verdict = Check(prompt);
        if (verdict.Blocked || _model is null) return verdict;
        return await _model.ClassifyAsync(prompt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks that <paramref name="pattern"/> compiles; the error names its position in the list.</summary>
    /// <exception cref="ArgumentException">It does not.</exception>
    public static Regex Compile(string pattern, int index, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (string.IsNullOrWhiteSpace(pattern)) throw new ArgumentException($"patterns[{index}] is empty.", nameof(pattern));
        try
        {
            return new Regex(pattern, Options, timeout);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"patterns[{index}] is not a valid regular expression: {ex.Message}", nameof(pattern), ex);
        }
    }

    // A regex that runs out of time on a crafted prompt refuses it: the alternative, letting it through, is what the crafter wants.
    private static bool Matches(Regex regex, string prompt, out bool timedOut)
    {
        try
        {
            timedOut = false;
            return regex.IsMatch(prompt);
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            return true;
        }
    }

    // Word boundaries where the term begins or ends with a letter or digit of a spaced script; CJK has no spaces between words.
    private static string TermPattern(string term)
    {
        static bool Bounded(char c) => char.IsLetterOrDigit(c) && !(c is >= '\u3040' and <= '\u30FF' || c is >= '\u3400' and <= '\u9FFF' || c is >= '\uAC00' and <= '\uD7AF');
        var escaped = Regex.Escape(term);
        return (Bounded(term[0]) ? @"(?<![\p{L}\p{N}])" : "") + escaped + (Bounded(term[^1]) ? @"(?![\p{L}\p{N}])" : "");
    }
}
