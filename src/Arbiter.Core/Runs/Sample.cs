namespace Arbiter.Core.Runs;

/// <summary>How a sample ended. A failed call is an outcome, not an exception.</summary>
public enum SampleStatus
{
    /// <summary>The model answered (possibly truncated by length).</summary>
    Ok,
    /// <summary>The call failed after bounded retries; see <see cref="ErrorKind"/>.</summary>
    Error,
    /// <summary>The endpoint's content filter stopped the answer.</summary>
    ContentFilter,
    /// <summary>The residency policy forbade sending this item to this endpoint.</summary>
    BlockedByPolicy,
}

/// <summary>Why a call failed, as far as retry decisions go.</summary>
public enum ErrorKind
{
    /// <summary>No error.</summary>
    None,
    /// <summary>Worth retrying (429, 5xx, timeouts, broken streams).</summary>
    Transient,
    /// <summary>Retrying will not help (4xx, malformed response).</summary>
    Permanent,
    /// <summary>Blocked by the provider's content filter.</summary>
    ContentFilter,
}

/// <summary>Token counts reported by the endpoint.</summary>
public readonly record struct TokenUsage(long Input, long Output);

/// <summary>The result of one model call, before scoring.</summary>
/// <param name="Text">Answer text with think blocks removed.</param>
/// <param name="Thinking">Content of think blocks, if any.</param>
/// <param name="FinishReason">Endpoint's finish reason (stop, length, content_filter…).</param>
/// <param name="Usage">Token counts.</param>
/// <param name="LatencyMs">Total wall time of the call including retries' final attempt.</param>
/// <param name="TimeToFirstTokenMs">Streaming only: time to the first content token.</param>
/// <param name="Attempts">Number of HTTP attempts made.</param>
/// <param name="Status">Outcome.</param>
/// <param name="ErrorKind">Kind of error when <paramref name="Status"/> is not Ok.</param>
/// <param name="Error">Error message (never contains secrets).</param>
public sealed record ModelResponse(
    string? Text,
    string? Thinking,
    string? FinishReason,
    TokenUsage Usage,
    double LatencyMs,
    double? TimeToFirstTokenMs,
    int Attempts,
    SampleStatus Status,
    ErrorKind ErrorKind,
    string? Error);

/// <summary>Result of scoring one response: value in [0,1] and what was extracted, and why.</summary>
public sealed record ScoreResult(double Value, string? Extracted, string Explanation);

/// <summary>One stored sample: item × epoch of a run, with response and score.</summary>
public sealed record SampleRecord(
    string RunId,
    string ItemId,
    int Epoch,
    ModelResponse Response,
    ScoreResult? Score,
    decimal? Cost,
    bool CacheHit,
    long CompletedAtMs)
{
    /// <summary>Item metadata copied for grouping (domain, language, topic…), as JSON.</summary>
    public string? MetadataJson { get; init; }
}

/// <summary>Run lifecycle.</summary>
public enum RunStatus
{
    /// <summary>Created or interrupted; can be resumed.</summary>
    Running,
    /// <summary>Every sample has a recorded outcome.</summary>
    Completed,
}

/// <summary>One suite × one model × one config.</summary>
/// <param name="RunId">Stable id, derived from <paramref name="SpecHash"/> so a re-run resumes.</param>
/// <param name="SpecHash">Hash of suite id+version+items, model endpoint and parameters.</param>
public sealed record RunRecord(
    string RunId,
    string SpecHash,
    string SuiteId,
    string SuiteVersion,
    string ModelId,
    string Domain,
    string Language,
    int ItemCount,
    int Epochs,
    RunStatus Status,
    long CreatedAtMs,
    long? FinishedAtMs)
{
    /// <summary>Run configuration as JSON (model spec without secrets, parameters, pricing).</summary>
    public string ConfigJson { get; init; } = "{}";

    /// <summary>What the run is for; reports leave out every kind but <see cref="RunKind.Benchmark"/> unless asked.</summary>
    public RunKind Kind { get; init; } = RunKind.Benchmark;

    /// <summary>Samples expected: items × epochs.</summary>
    public int ExpectedSamples => ItemCount * Epochs;
}

/// <summary>Aggregate counts for a run, computed by the store.</summary>
public sealed record RunSummary(
    RunRecord Run,
    int Samples,
    int Errors,
    double ScoreSum,
    int Scored,
    long InputTokens,
    long OutputTokens,
    decimal? Cost);
