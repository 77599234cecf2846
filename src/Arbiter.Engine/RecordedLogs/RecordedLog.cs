using Arbiter.Core.Runs;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.RecordedLogs;

/// <summary>
/// An evaluation another tool ran and recorded (an inspect_ai log, lm-eval samples, promptfoo output): what was asked, what the
/// model answered and how that tool scored it. Import turns it into a stored run; replay answers from it.
/// </summary>
/// <param name="Format">Where it came from: <c>inspect-eval</c>, <c>inspect-json</c>, <c>lm-eval-samples</c>, <c>promptfoo-output</c>.</param>
/// <param name="File">The file it was read from (for messages).</param>
/// <param name="SourceId">The log's own identity (inspect <c>eval_id</c>, else a hash of the file), so a re-import is recognised.</param>
/// <param name="Task">The task as the tool names it (e.g. <c>inspect_evals/mmlu_0_shot</c>, <c>gsm8k</c>).</param>
/// <param name="Model">The model as the tool names it (e.g. <c>openai/gpt-4o</c>).</param>
/// <param name="Samples">The recorded samples, in file order.</param>
public sealed record RecordedLog(string Format, string File, string SourceId, string Task, string Model, IReadOnlyList<RecordedSample> Samples)
{
    /// <summary>The task's version, when recorded.</summary>
    public string? TaskVersion { get; init; }

    /// <summary>The dataset's name, when recorded.</summary>
    public string? Dataset { get; init; }

    /// <summary>The scorer whose score is taken as "the" recorded score (inspect's first scorer, lm-eval's first metric).</summary>
    public string? Scorer { get; init; }

    /// <summary>When the evaluation started (Unix ms), when recorded.</summary>
    public long? CreatedAtMs { get; init; }

    /// <summary>When it finished (Unix ms), when recorded.</summary>
    public long? CompletedAtMs { get; init; }

    /// <summary>The tool's own status for the whole evaluation (inspect: <c>success</c>, <c>error</c>, <c>cancelled</c>).</summary>
    public string? Status { get; init; }

    /// <summary>Generation settings as the tool recorded them (JSON object; never credentials: model arguments are left out).</summary>
    public string GenerateConfigJson { get; init; } = "{}";

    /// <summary>Number of distinct items.</summary>
    public int ItemCount => Samples.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count();

    /// <summary>Epochs: the highest recorded epoch plus one (at least 1).</summary>
    public int Epochs => Samples.Count == 0 ? 1 : Samples.Max(s => s.Epoch) + 1;
}

/// <summary>One recorded item × epoch.</summary>
/// <param name="Id">The item's id in the tool's dataset.</param>
/// <param name="Epoch">Zero-based epoch (inspect's are one-based on disk).</param>
/// <param name="Input">The prompt as chat turns.</param>
/// <param name="Choices">Options of a multiple-choice item, in letter order.</param>
/// <param name="Targets">Gold answers (first is the target, the rest are also accepted).</param>
/// <param name="Answer">The model's answer text; null when the call failed.</param>
/// <param name="Score">The recorded score, if any.</param>
public sealed record RecordedSample(
    string Id,
    int Epoch,
    IReadOnlyList<ChatTurn> Input,
    IReadOnlyList<string>? Choices,
    IReadOnlyList<string> Targets,
    string? Answer,
    RecordedScore? Score)
{
    /// <summary>Reasoning the model returned separately from its answer.</summary>
    public string? Thinking { get; init; }

    /// <summary>The endpoint's finish reason (stop, max_tokens, content_filter…).</summary>
    public string? FinishReason { get; init; }

    /// <summary>Token usage (0/0 when not recorded).</summary>
    public TokenUsage Usage { get; init; }

    /// <summary>Time the call took (0 when not recorded).</summary>
    public double LatencyMs { get; init; }

    /// <summary>The tool's error message when the sample failed.</summary>
    public string? Error { get; init; }

    /// <summary>When the sample completed (Unix ms), when recorded.</summary>
    public long? CompletedAtMs { get; init; }

    /// <summary>Item metadata (subject, category…), values as text.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The item's own checks as an Arbiter scorer (promptfoo's asserts), when the log records them; null: the suite's scorer.</summary>
    public ScorerSpec? Scorer { get; init; }

    /// <summary>The last user turn (the question itself for single-turn items).</summary>
    public string Question => Input.LastOrDefault(t => t.Role == "user")?.Content ?? (Input.Count == 0 ? "" : Input[^1].Content);
}

/// <summary>A score as the other tool recorded it.</summary>
/// <param name="Scorer">The tool's scorer or metric name.</param>
/// <param name="Value">The value as a number in [0,1] where it has one (inspect's C/I/P/N mapped as inspect does), else null.</param>
/// <param name="Raw">The value as written in the log.</param>
/// <param name="Extracted">The answer the tool's scorer extracted, if recorded.</param>
/// <param name="Explanation">The tool's explanation, if recorded.</param>
public sealed record RecordedScore(string Scorer, double? Value, string Raw, string? Extracted, string? Explanation);
