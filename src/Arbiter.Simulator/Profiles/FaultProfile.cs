namespace Arbiter.Simulator;

/// <summary>A fault the simulated endpoint can inject (also the key of the fault counters).</summary>
public enum SimFault
{
    /// <summary>No fault: a normal reply.</summary>
    None,
    /// <summary>HTTP 429 with a <c>Retry-After</c> header.</summary>
    RateLimited,
    /// <summary>HTTP 500 with an OpenAI-style error body.</summary>
    ServerError,
    /// <summary>No reply until <see cref="FaultProfile.HangFor"/> passes or the client gives up.</summary>
    Hang,
    /// <summary>Streaming: stops mid-answer and drops the connection; non-streaming: a cut-off JSON body.</summary>
    TruncatedStream,
    /// <summary>HTTP 200 with a body that is not valid JSON.</summary>
    MalformedJson,
    /// <summary>HTTP 200 with <c>finish_reason: "content_filter"</c> and empty or partial content.</summary>
    ContentFilter,
}

/// <summary>
/// Transport faults of one simulated endpoint. Rates are probabilities per attempt, drawn from
/// hash(server seed, request body, attempt number of that body), so a retry of the same body can
/// succeed while a rerun of the whole test sees the same sequence.
/// </summary>
public sealed record FaultProfile
{
    /// <summary>No faults at all.</summary>
    public static FaultProfile None { get; } = new();

    /// <summary>Probability of a 429.</summary>
    public double Rate429 { get; init; }

    /// <summary>Value of the <c>Retry-After</c> header sent with a 429 (seconds).</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>A raw <c>Retry-After</c> value sent instead of <see cref="RetryAfterSeconds"/> (hostile values: <c>1e400</c>, <c>Infinity</c>…).</summary>
    public string? RetryAfterHeader { get; init; }

    /// <summary>Probability of a 500.</summary>
    public double Rate500 { get; init; }

    /// <summary>Probability of a hang.</summary>
    public double RateHang { get; init; }

    /// <summary>How long a hang lasts if the client does not abort first.</summary>
    public TimeSpan HangFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Probability of a truncated stream (or truncated JSON body when not streaming).</summary>
    public double RateTruncatedStream { get; init; }

    /// <summary>Probability of a 200 with a garbage body.</summary>
    public double RateMalformedJson { get; init; }

    /// <summary>
    /// Probability that a request content is stopped by the "content filter". Unlike the other rates this is
    /// drawn per request body, not per attempt: a filtered request stays filtered on retry, as with real providers.
    /// </summary>
    public double RateContentFilter { get; init; }

    /// <summary>
    /// When above zero, <see cref="ForcedFault"/> is injected on the first N attempts of every distinct request
    /// body and nothing afterwards; the random rates are then ignored. Makes retry tests exact.
    /// </summary>
    public int FailFirstAttempts { get; init; }

    /// <summary>The fault used by <see cref="FailFirstAttempts"/>.</summary>
    public SimFault ForcedFault { get; init; } = SimFault.ServerError;

    /// <summary>True when any fault can fire (attempts are only counted then).</summary>
    public bool IsActive =>
        (FailFirstAttempts > 0 && ForcedFault != SimFault.None)
        || Rate429 > 0 || Rate500 > 0 || RateHang > 0 || RateTruncatedStream > 0 || RateMalformedJson > 0
        || RateContentFilter > 0;
}
