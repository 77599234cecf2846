namespace Arbiter.Core.Models;

/// <summary>
/// One model endpoint as configured in <c>arbiter.yaml</c>. The API key is never held here:
/// <see cref="ApiKeyEnv"/> names the environment variable that holds it.
/// </summary>
/// <param name="Id">Arbiter's own name for the model (unique in a config).</param>
/// <param name="Provider"><c>openai</c> (any OpenAI-compatible endpoint), <c>gigachat</c>, <c>yandexgpt</c>, <c>replay</c> (a recorded log).</param>
/// <param name="BaseUrl">Endpoint base URL, e.g. <c>http://127.0.0.1:8000/v1</c>.</param>
/// <param name="Model">Model name sent to the endpoint.</param>
/// <param name="ApiKeyEnv">Name of the environment variable with the key, or null for none.</param>
/// <param name="Jurisdiction">Where the endpoint processes data: <c>local</c>, <c>RU</c>, <c>CN</c>, <c>US</c>, <c>EU</c>…</param>
/// <param name="Origin">Country/organisation that built the model, for grouping.</param>
/// <param name="Pricing">Price per million tokens, or null when unknown.</param>
/// <param name="ReleaseDate">Public release date, when known.</param>
/// <param name="Parameters">Default generation parameters.</param>
public sealed record ModelSpec(
    string Id,
    string Provider,
    string BaseUrl,
    string Model,
    string? ApiKeyEnv,
    string Jurisdiction,
    string? Origin,
    Pricing? Pricing,
    DateOnly? ReleaseDate,
    GenerationParameters Parameters)
{
    /// <summary>Maximum concurrent requests to this endpoint (adaptive concurrency ceiling).</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>GigaChat: OAuth token endpoint (null: the public default).</summary>
    public string? AuthUrl { get; init; }

    /// <summary>GigaChat: OAuth scope such as <c>GIGACHAT_API_PERS</c> (null: personal).</summary>
    public string? Scope { get; init; }

    /// <summary>
    /// Path of an extra root CA certificate (PEM or DER) to trust for this endpoint, e.g. the Russian
    /// Trusted Root CA; the system roots stay trusted and TLS checks stay on.
    /// </summary>
    public string? CaCertFile { get; init; }

    /// <summary>YandexGPT: the cloud folder id used in <c>gpt://folder/model/version</c> URIs.</summary>
    public string? FolderId { get; init; }

    /// <summary>YandexGPT: <c>api-key</c> (the variable holds an API key) or <c>bearer</c> (an IAM token).</summary>
    public string? AuthScheme { get; init; }

    /// <summary>
    /// Yandex endpoints: let the vendor store request data (config <c>dataLogging: true</c>). Off by
    /// default: Arbiter then sends <c>x-data-logging-enabled: false</c>.
    /// </summary>
    public bool DataLogging { get; init; }

    /// <summary>YandexGPT: send <c>x-folder-id</c> (null: only with an IAM token, never with an API key).</summary>
    public bool? SendFolderId { get; init; }

    /// <summary>
    /// Extra HTTP headers for a gateway in front of an OpenAI-compatible endpoint. A value named by an environment
    /// variable is read when the client is built and never stored. Null when there are none (so a spec read back
    /// from the store equals the one written).
    /// </summary>
    public IReadOnlyList<HeaderSpec>? Headers { get; init; }

    /// <summary>
    /// Extra top-level fields merged into every chat request body (a JSON object as text), for gateway or server
    /// options Arbiter has no name for (e.g. vLLM's <c>repetition_penalty</c>). Part of run and cache identity.
    /// </summary>
    public string? ExtraBodyJson { get; init; }

    /// <summary>
    /// Provider <c>replay</c>: the recorded log (inspect, lm-eval samples, promptfoo output) the model answers from instead
    /// of an endpoint; nothing is sent anywhere. Null for every other provider.
    /// </summary>
    public string? ReplayLog { get; init; }

    /// <summary>True for a model that answers from a recorded log (<see cref="ReplayLog"/>).</summary>
    public bool IsReplay => ReplayLog is not null;
}

/// <summary>One extra HTTP header: a literal value, or the name of the environment variable that holds it.</summary>
/// <param name="Name">Header name.</param>
/// <param name="Value">Literal value (null when <paramref name="Env"/> is set).</param>
/// <param name="Env">Environment variable holding the value (a secret such as a gateway key).</param>
public sealed record HeaderSpec(string Name, string? Value, string? Env);

/// <summary>Price per one million tokens, in the currency given (never converted).</summary>
public sealed record Pricing(decimal InputPerMillion, decimal OutputPerMillion, string Currency)
{
    /// <summary>Cost of one call with the given token counts.</summary>
    public decimal CostOf(long inputTokens, long outputTokens) =>
        (inputTokens * InputPerMillion + outputTokens * OutputPerMillion) / 1_000_000m;
}

/// <summary>Generation parameters; null means "endpoint default".</summary>
public sealed record GenerationParameters(
    double? Temperature = null,
    double? TopP = null,
    int? MaxTokens = null,
    long? Seed = null,
    IReadOnlyList<string>? Stop = null)
{
    /// <summary>No parameters set.</summary>
    public static GenerationParameters Default { get; } = new();

    /// <summary>Values set in <paramref name="overrides"/> win over this instance's.</summary>
    public GenerationParameters With(GenerationParameters? overrides) => overrides is null ? this : new(
        overrides.Temperature ?? Temperature,
        overrides.TopP ?? TopP,
        overrides.MaxTokens ?? MaxTokens,
        overrides.Seed ?? Seed,
        overrides.Stop ?? Stop);
}
