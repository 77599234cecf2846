using System.Text.Json;
using System.Text.RegularExpressions;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.Scoring;

/// <summary>
/// promptfoo's deterministic asserts, checked as promptfoo's handlers do (src/assertions/*.ts): <c>equals</c>
/// (exact string equality), <c>contains</c>/<c>icontains</c> (substring, the latter case-insensitive),
/// <c>contains-any/-all</c>, <c>icontains-any/-all</c>, <c>regex</c> (a search, like <c>RegExp.test</c>),
/// <c>starts-with</c>, <c>is-json</c> (the whole output parses as JSON); each may be negated with <c>not-</c>.
/// The test passes (score 1) when every assert passes, as a promptfoo test does.
/// Options are <c>assert</c>=TYPE followed by its <c>value</c> entries (values already rendered with the test's vars).
/// </summary>
internal sealed class PromptfooAssertScorer : IScorer
{
    /// <summary>Assert types this scorer checks (without <c>not-</c>).</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "equals", "contains", "icontains", "contains-any", "contains-all", "icontains-any", "icontains-all", "regex", "starts-with", "is-json",
    };

    private readonly List<(string Type, bool Negated, List<string> Values, Regex? Pattern)> _asserts = [];

    public PromptfooAssertScorer(ScorerSpec spec)
    {
        foreach (var (key, value) in spec.Options ?? [])
        {
            if (key == "assert")
            {
                var negated = value.StartsWith("not-", StringComparison.Ordinal);
                _asserts.Add((negated ? value[4..] : value, negated, [], null));
            }
            else if (key == "value")
            {
                var a = _asserts[^1];
                a.Values.Add(value);
                if (a.Type == "regex") _asserts[^1] = a with { Pattern = new Regex(value, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) };
            }
        }
    }

    public ScoreResult Score(SuiteItem item, string answer)
    {
        var passed = 0;
        foreach (var (type, negated, values, pattern) in _asserts)
        {
            bool pass;
            try
            {
                pass = Check(type, values, pattern, answer) != negated;
            }
            catch (RegexMatchTimeoutException)
            {
                pass = false;
            }

            if (!pass)
            {
                var shown = values.Count == 0 ? "" : $" \"{ChoiceScorer.Clip(string.Join(", ", values))}\"";
                return new ScoreResult(0, null, $"assert {(negated ? "not-" : "")}{type}{shown} failed ({passed} of {_asserts.Count} passed before it)");
            }

            passed++;
        }

        return new ScoreResult(1, null, $"all {_asserts.Count} asserts passed");
    }

    private static bool Check(string type, List<string> values, Regex? pattern, string output)
    {
        var value = values.Count > 0 ? values[0] : "";
        return type switch
        {
            "equals" => string.Equals(output, value, StringComparison.Ordinal),
            "contains" => output.Contains(value, StringComparison.Ordinal),
            "icontains" => output.Contains(value, StringComparison.OrdinalIgnoreCase),
            "contains-any" => values.Any(v => output.Contains(v, StringComparison.Ordinal)),
            "contains-all" => values.All(v => output.Contains(v, StringComparison.Ordinal)),
            "icontains-any" => values.Any(v => output.Contains(v, StringComparison.OrdinalIgnoreCase)),
            "icontains-all" => values.All(v => output.Contains(v, StringComparison.OrdinalIgnoreCase)),
            "regex" => pattern!.IsMatch(output),
            "starts-with" => output.StartsWith(value, StringComparison.Ordinal),
            "is-json" => IsJson(output),
            _ => false,
        };
    }

    private static bool IsJson(string output)
    {
        try
        {
            using var _ = JsonDocument.Parse(output);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
