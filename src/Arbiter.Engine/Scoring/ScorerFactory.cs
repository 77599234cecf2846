using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.Scoring;

/// <summary>Scores an answer (think blocks already removed) against an item.</summary>
public interface IScorer
{
    /// <summary>Scores <paramref name="answer"/>; the result says what was extracted and why.</summary>
    ScoreResult Score(SuiteItem item, string answer);
}

/// <summary>Builds scorers from specs and picks one for an item.</summary>
public static class ScorerFactory
{
    /// <summary>Known scorer kinds.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["auto", "exact", "normalized", "regex", "numeric", "choice", "contains", "substring", "audit", Rubric.RubricScorer.Kind];

    /// <summary>
    /// The scorer for an item: the item's own spec, else the suite's; <c>auto</c> picks by shape.
    /// Builds a new scorer each call; a run uses <see cref="SuiteScorers"/> to build each once.
    /// </summary>
    public static IScorer For(SuiteItem item, ScorerSpec suiteSpec) => Create(Resolve(item, suiteSpec));

    /// <summary>The spec that applies to an item, with <c>auto</c> replaced by the kind its shape calls for.</summary>
    public static ScorerSpec Resolve(SuiteItem item, ScorerSpec suiteSpec)
    {
        var spec = item.Scorer ?? suiteSpec;
        if (spec.Kind != "auto") return spec;
        var kind = item.Choices is { Count: > 0 } ? "choice"
            : item.Target is not null && NumberExtractor.Parse(item.Target) is not null ? "numeric"
            : "contains";
        return spec with { Kind = kind };
    }

    /// <summary>Builds the scorer for a resolved spec (see <see cref="Resolve"/>).</summary>
    public static IScorer Create(ScorerSpec spec)
    {
        return spec.Kind switch
        {
            "choice" => ChoiceScorer.Instance,
            "numeric" => new NumericScorer((decimal)spec.Tolerance),
            "exact" => new ExactScorer(Normalize: false),
            "normalized" => new ExactScorer(Normalize: true),
            "regex" => new RegexScorer(new Regex(spec.Pattern ?? ".*", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1))),
            "contains" => ContainsScorer.WholeWords,
            "substring" => ContainsScorer.Substring,
            "audit" => Audit.Classification.AuditScorer.Instance,
            Rubric.RubricScorer.Kind => new Rubric.RubricScorer(spec),
            // Only imported suites use these two (their settings are in spec.Options), so manifests cannot name them.
            "exact_match" => new LmEvalExactMatchScorer(spec),
            "asserts" => new PromptfooAssertScorer(spec),
            _ => throw new ArgumentException($"unknown scorer '{spec.Kind}'", nameof(spec)),
        };
    }

    /// <summary>Checks a user-supplied regex, reporting a problem through <paramref name="fail"/>.</summary>
    public static void ValidatePattern(string pattern, Func<string, Exception> fail)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw fail($"invalid regular expression '{pattern}': {ex.Message}");
        }
    }

    /// <summary>Lower-cases, applies NFKC, folds ё→е and digits of any script to 0–9, drops punctuation and collapses whitespace.</summary>
    public static string NormalizeText(string text) => NormalizeText(text, punctuationSeparates: false);

    /// <summary>As <see cref="NormalizeText(string)"/>; with <paramref name="punctuationSeparates"/> punctuation becomes a space ("Moscow's" → "moscow s").</summary>
    internal static string NormalizeText(string text, bool punctuationSeparates)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in CharFolding.Fold(text.Normalize(NormalizationForm.FormKC)))
        {
            var c = char.ToLowerInvariant(ch) == 'ё' ? 'е' : char.ToLowerInvariant(ch);
            var punctuation = char.IsPunctuation(c) || char.IsSymbol(c);
            if (char.IsWhiteSpace(c) || (punctuation && punctuationSeparates))
            {
                space = sb.Length > 0;
                continue;
            }

            if (punctuation) continue;
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    internal static IEnumerable<string> Accepted(SuiteItem item) =>
        (item.Target is null ? [] : new[] { item.Target }).Concat(item.Aliases ?? []);
}

internal sealed class ChoiceScorer : IScorer
{
    public static readonly ChoiceScorer Instance = new();

    public ScoreResult Score(SuiteItem item, string answer)
    {
        var count = item.Choices?.Count ?? 4;
        var found = ChoiceExtractor.Extract(answer, count);
        if (found is null)
        {
            // Some models answer with the option text instead of its letter.
            var norm = ScorerFactory.NormalizeText(answer);
            for (var i = 0; item.Choices is not null && i < item.Choices.Count; i++)
            {
                if (norm.Length > 0 && norm == ScorerFactory.NormalizeText(item.Choices[i]))
                {
                    found = ((char)('A' + i), answer.Trim());
                }
            }
        }

        if (found is not { } f) return new ScoreResult(0, null, "no choice letter found in the answer");
        var letter = f.Letter.ToString();
        var correct = string.Equals(letter, item.Target, StringComparison.OrdinalIgnoreCase);
        return new ScoreResult(correct ? 1 : 0, letter, $"extracted {letter} from \"{Clip(f.Evidence)}\"; expected {item.Target}");
    }

    internal static string Clip(string s) => s.Length <= 60 ? s : s[..57] + "...";
}

internal sealed class NumericScorer(decimal tolerance) : IScorer
{
    public ScoreResult Score(SuiteItem item, string answer)
    {
        if (item.Target is null || NumberExtractor.Parse(item.Target) is not { } gold) return new ScoreResult(0, null, "item has no numeric target");
        if (NumberExtractor.ExtractAnswer(answer) is not { } found) return new ScoreResult(0, null, "no number found in the answer");
        var ok = Math.Abs(found.Value - gold) <= Math.Max(tolerance, Math.Abs(gold) * 1e-9m);
        var shown = found.Value.ToString(CultureInfo.InvariantCulture);
        return new ScoreResult(ok ? 1 : 0, shown, $"extracted {shown} from \"{ChoiceScorer.Clip(found.Raw)}\"; expected {gold.ToString(CultureInfo.InvariantCulture)}");
    }
}

internal sealed record ExactScorer(bool Normalize) : IScorer
{
    public ScoreResult Score(SuiteItem item, string answer)
    {
        var got = Normalize ? ScorerFactory.NormalizeText(answer) : answer.Trim();
        foreach (var accepted in ScorerFactory.Accepted(item))
        {
            var want = Normalize ? ScorerFactory.NormalizeText(accepted) : accepted.Trim();
            if (string.Equals(got, want, StringComparison.Ordinal)) return new ScoreResult(1, got, $"answer equals \"{ChoiceScorer.Clip(accepted)}\"");
        }

        return new ScoreResult(0, got, $"answer does not equal \"{ChoiceScorer.Clip(item.Target ?? "")}\"");
    }
}

internal sealed class RegexScorer(Regex regex) : IScorer
{
    public ScoreResult Score(SuiteItem item, string answer)
    {
        Match m;
        try
        {
            m = regex.Match(answer);
        }
        catch (RegexMatchTimeoutException)
        {
            return new ScoreResult(0, null, "pattern timed out");
        }

        if (!m.Success) return new ScoreResult(0, null, $"pattern /{regex}/ did not match");
        var extracted = m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1].Value : m.Value;
        if (item.Target is null) return new ScoreResult(1, extracted, $"pattern /{regex}/ matched");
        var norm = ScorerFactory.NormalizeText(extracted);
        var ok = ScorerFactory.Accepted(item).Any(a => ScorerFactory.NormalizeText(a) == norm);
        return new ScoreResult(ok ? 1 : 0, extracted, $"extracted \"{ChoiceScorer.Clip(extracted)}\"; expected \"{ChoiceScorer.Clip(item.Target)}\"");
    }
}
