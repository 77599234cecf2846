namespace Arbiter.Core.Runs;

/// <summary>
/// What a run is for. Stored on the run record so that reports tell a user's benchmark from the
/// runs Arbiter makes itself, whatever the suite is called (a user suite named <c>judge-x</c> is a benchmark).
/// </summary>
public enum RunKind
{
    /// <summary>A benchmark suite run by the user (the default).</summary>
    Benchmark,
    /// <summary>Refusal-audit probes sent to a model (<c>arbiter audit run</c>).</summary>
    AuditProbe,
    /// <summary>An LLM judge labelling audit replies (tier 3) or a labelled validation set.</summary>
    AuditJudge,
    /// <summary>An LLM judge deciding arena games (<c>arbiter arena judge</c>).</summary>
    ArenaJudge,
    /// <summary>
    /// Answers to a suite whose answers are hidden (MERA's test split, <see cref="Suites.Suite.SubmitOnly"/>): kept for a
    /// submission file, never scored, so reports show no accuracy rather than 0.
    /// </summary>
    Submission,
    /// <summary>A judge model grading a suite's answers against a rubric (<c>scorer: rubric</c>); one per graded run.</summary>
    RubricJudge,
}
