using System.Globalization;
using System.Text.RegularExpressions;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.Scoring;

/// <summary>
/// lm-evaluation-harness's generative scoring: cut the answer at the first <c>until</c> string, run the
/// task's filter pipeline (<c>regex</c> as <c>re.findall</c> with <c>group_select</c> and <c>fallback</c>,
/// <c>take_first</c>, <c>lowercase</c>, <c>uppercase</c>, <c>remove_whitespace</c>), then <c>exact_match</c> as
/// <c>lm_eval.api.metrics.exact_match_hf_evaluate</c>: <c>regexes_to_ignore</c> removed from both sides, then
/// <c>ignore_case</c>, then <c>ignore_punctuation</c> (ASCII punctuation), then plain equality with the target or an alias.
/// Settings come from <see cref="ScorerSpec.Options"/> in order (see the lm-eval importer).
/// </summary>
internal sealed class LmEvalExactMatchScorer : IScorer
{
    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"; // Python's string.punctuation
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly List<string> _until = [];
    private readonly List<Step> _steps = [];
    private readonly List<Regex> _ignore = [];
    private readonly bool _ignoreCase;
    private readonly bool _ignorePunctuation;

    public LmEvalExactMatchScorer(ScorerSpec spec)
    {
        foreach (var (key, value) in spec.Options ?? [])
        {
            switch (key)
            {
                case "until": _until.Add(value); break;
                case "filter": _steps.Add(new Step(value)); break;
                case "regex_pattern": _steps[^1] = _steps[^1] with { Pattern = new Regex(value, RegexOptions.CultureInvariant, Timeout) }; break;
                case "group_select": _steps[^1] = _steps[^1] with { GroupSelect = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "fallback": _steps[^1] = _steps[^1] with { Fallback = value }; break;
                case "regex_to_ignore": _ignore.Add(new Regex(value, RegexOptions.CultureInvariant, Timeout)); break;
                case "ignore_case": _ignoreCase = value == "true"; break;
                case "ignore_punctuation": _ignorePunctuation = value == "true"; break;
                default: throw new ArgumentException($"unknown exact_match option '{key}'", nameof(spec));
            }
        }
    }

    private sealed record Step(string Function, Regex? Pattern = null, int GroupSelect = 0, string Fallback = "[invalid]");

    public ScoreResult Score(SuiteItem item, string answer)
    {
        try
        {
            var text = answer;
            foreach (var stop in _until)
            {
                var at = text.IndexOf(stop, StringComparison.Ordinal);
                if (at >= 0) text = text[..at];
            }

            foreach (var step in _steps) text = Apply(step, text);
            var got = Normalize(text);
            foreach (var accepted in ScorerFactory.Accepted(item))
            {
                if (string.Equals(got, Normalize(accepted), StringComparison.Ordinal))
                {
                    return new ScoreResult(1, text, $"filtered answer \"{ChoiceScorer.Clip(text)}\" matches \"{ChoiceScorer.Clip(got)}\"");
                }
            }

            return new ScoreResult(0, text, $"filtered answer \"{ChoiceScorer.Clip(text)}\" → \"{ChoiceScorer.Clip(got)}\"; expected \"{ChoiceScorer.Clip(Normalize(item.Target ?? ""))}\"");
        }
        catch (RegexMatchTimeoutException)
        {
            return new ScoreResult(0, null, "pattern timed out");
        }
    }

    private static string Apply(Step step, string text) => step.Function switch
    {
        "regex" => FindAll(step, text),
        "lowercase" => text.ToLowerInvariant(),
        "uppercase" => text.ToUpperInvariant(),
        "remove_whitespace" => text.TrimStart(),
        _ => text, // take_first: one response per sample, so the first is the one
    };

    /// <summary>Python's <c>re.findall</c>: whole matches without groups, the group with one, the first non-empty of several.</summary>
    private static string FindAll(Step step, string text)
    {
        var regex = step.Pattern!;
        var matches = regex.Matches(text);
        if (matches.Count == 0) return step.Fallback;
        var index = step.GroupSelect < 0 ? matches.Count + step.GroupSelect : step.GroupSelect;
        if (index < 0 || index >= matches.Count) return step.Fallback; // Python raises IndexError here; a wrong answer is the kinder outcome
        var m = matches[index];
        var groups = regex.GetGroupNumbers().Where(g => g != 0).ToList();
        var value = groups.Count switch
        {
            0 => m.Value,
            1 => m.Groups[groups[0]].Value,
            _ => groups.Select(g => m.Groups[g].Value).FirstOrDefault(v => v.Length > 0) ?? step.Fallback,
        };
        return value.Trim();
    }

    private string Normalize(string s)
    {
        foreach (var r in _ignore) s = r.Replace(s, "");
        if (_ignoreCase) s = s.ToLowerInvariant();
        if (_ignorePunctuation) s = string.Concat(s.Where(c => !Punctuation.Contains(c, StringComparison.Ordinal)));
        return s;
    }
}
