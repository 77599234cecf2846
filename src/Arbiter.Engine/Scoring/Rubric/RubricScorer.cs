using Arbiter.Core.Runs;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.Scoring.Rubric;

/// <summary>
/// <c>scorer: rubric</c>: a judge model grades the answer against a rubric text. The judge call is made by the
/// runner (residency policy, cache, resume and audit like every call), so this scorer only holds the settings and
/// checks the deterministic asserts that came with a promptfoo test: when one fails the test has failed and the
/// judge is not asked. Options: <c>rubric</c> (one or more; several are graded together, all must hold),
/// <c>judge</c> (a model id of arbiter.yaml; absent: the run's default judge), and <c>assert</c>/<c>value</c> pairs.
/// </summary>
public sealed class RubricScorer : IScorer
{
    /// <summary>The scorer kind as written in a suite file.</summary>
    public const string Kind = "rubric";

    private readonly PromptfooAssertScorer? _asserts;

    /// <summary>Reads the settings from <paramref name="spec"/>.</summary>
    public RubricScorer(ScorerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = spec.Options ?? [];
        var rubrics = options.Where(o => o.Key == "rubric").Select(o => o.Value.Trim()).Where(r => r.Length > 0).ToList();
        Rubric = rubrics.Count switch
        {
            0 => throw new ArgumentException("scorer 'rubric' needs a rubric text", nameof(spec)),
            1 => rubrics[0],
            // promptfoo grades each llm-rubric on its own and the test needs all; one call with every criterion asks the same.
            _ => "All of the following must hold:\n" + string.Join("\n", rubrics.Select((r, i) => $"{i + 1}. {r}")),
        };
        Judge = options.LastOrDefault(o => o.Key == "judge").Value;
        if (options.Any(o => o.Key == "assert")) _asserts = new PromptfooAssertScorer(spec);
    }

    /// <summary>The rubric text the judge grades against.</summary>
    public string Rubric { get; }

    /// <summary>The judge's model id, or null for the run's default judge.</summary>
    public string? Judge { get; }

    /// <summary>The deterministic asserts' verdict when one of them fails (no judge call needed), else null.</summary>
    public ScoreResult? PreCheck(SuiteItem item, string answer)
    {
        if (_asserts is null) return null;
        var result = _asserts.Score(item, answer);
        return result.Value >= 1 ? null : result;
    }

    /// <summary>Not available without a judge call: the runner grades rubric items itself.</summary>
    public ScoreResult Score(SuiteItem item, string answer) =>
        throw new NotSupportedException("scorer 'rubric' needs a judge model call; it is graded by the evaluation runner, not offline");

    /// <summary>The judge named by a rubric spec (null: the default); null for any other kind.</summary>
    public static string? JudgeOf(ScorerSpec spec) => spec?.Kind == Kind ? spec.Options?.LastOrDefault(o => o.Key == "judge").Value : null;
}
