using System.ClientModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Core.Audit;
using Arbiter.Core.Runs;
using Arbiter.Engine.Providers.Http;
using Arbiter.Engine.Scoring;
using Arbiter.Engine.Sovereignty;
using Arbiter.Engine.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CoreTurn = Arbiter.Core.Suites.ChatTurn;

namespace Arbiter.Engine.Providers;

/// <summary>A call's response and its audit outcome entry, not yet recorded.</summary>
/// <param name="Response">The outcome as data.</param>
/// <param name="Outcome">The entry to store with the sample (it shares the intent's call id).</param>
public sealed record AuditedCall(ModelResponse Response, AuditEntry Outcome);

/// <summary>Retry settings for <see cref="ModelCaller"/>.</summary>
/// <param name="MaxRetries">Retries after the first attempt (transient errors only).</param>
/// <param name="BaseDelay">First backoff delay; doubles per retry, with jitter.</param>
/// <param name="MaxDelay">Cap for backoff and for honoured Retry-After values.</param>
public sealed record RetryOptions(int MaxRetries = 4, TimeSpan? BaseDelay = null, TimeSpan? MaxDelay = null)
{
    internal TimeSpan Base => BaseDelay ?? TimeSpan.FromMilliseconds(500);

    internal TimeSpan Max => MaxDelay ?? TimeSpan.FromSeconds(60);
}

/// <summary>
/// The single point every outbound model call passes through (benchmark samples, judges, arena
/// battles, audit probes, pings). Before any byte leaves it applies the residency policy — a
/// blocked call is returned as <see cref="SampleStatus.BlockedByPolicy"/> and nothing is sent —
/// records an intent in the audit log before the request leaves, and its outcome after. It makes one logical model call: bounded retries with backoff that honour <c>Retry-After</c>,
/// a per-attempt timeout, streaming with time-to-first-token, think-block splitting, and an error
/// classification. It never throws for a failed call — the failure is returned as data — and only
/// throws <see cref="OperationCanceledException"/> when the caller cancels.
/// </summary>
/// <param name="policy">Residency policy (null: <see cref="ResidencyPolicy.Default"/>, the safe default).</param>
/// <param name="audit">Audit log sink (null: entries are not kept).</param>
/// <param name="logger">Logs retries (debug) and final failures (warning); null: silent.</param>
public sealed class ModelCaller(IChatClient client, ModelSpec model, IConcurrencyLimiter limiter, RetryOptions retry, SecretRedactor redactor,
    ResidencyPolicy? policy = null, IAuditSink? audit = null, ILogger? logger = null)
{
    private readonly ILogger _log = logger ?? NullLogger.Instance;
    private readonly ResidencyPolicy _policy = policy ?? ResidencyPolicy.Default;
    private readonly IAuditSink _audit = audit ?? NullAuditSink.Instance;

    /// <summary>Total HTTP attempts made through this caller (for diagnostics and tests).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    private long _attempts;

    /// <summary>
    /// Calls the model unless the policy forbids sending <paramref name="context"/>'s data to this
    /// endpoint; the result is always a recorded outcome, and the call (or block) is audited.
    /// </summary>
    public async Task<ModelResponse> CallAsync(IReadOnlyList<CoreTurn> messages, GenerationParameters parameters, bool stream, CallContext context, CancellationToken cancellationToken = default)
    {
        var call = await CallAuditedAsync(messages, parameters, stream, context, cancellationToken).ConfigureAwait(false);
        // Not cancellable: the request has left, so it must be logged even if the run is stopping.
        await _audit.RecordAsync(call.Outcome, CancellationToken.None).ConfigureAwait(false);
        return call.Response;
    }

    /// <summary>Records an outcome entry of <see cref="CallAuditedAsync"/> that will not be stored with a sample.</summary>
    public async Task RecordAsync(AuditEntry outcome) => await _audit.RecordAsync(outcome, CancellationToken.None).ConfigureAwait(false);

    /// <summary>
    /// As <see cref="CallAsync"/>, but the outcome entry is returned instead of recorded, so the
    /// caller can store it in the same transaction as the sample it produced. The intent entry is
    /// recorded (and durable) before the request leaves; a cancelled call records its outcome itself.
    /// </summary>
    public async Task<AuditedCall> CallAuditedAsync(IReadOnlyList<CoreTurn> messages, GenerationParameters parameters, bool stream, CallContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var (sha, bytes) = PayloadFingerprint.Compute(model.Model, messages, parameters);
        var callId = Guid.CreateVersion7().ToString("N");
        var decision = _policy.Evaluate(context.Confidentiality, model.Jurisdiction);
        if (!decision.Allowed)
        {
            return new AuditedCall(
                new ModelResponse(null, null, null, default, 0, null, 0, SampleStatus.BlockedByPolicy, ErrorKind.Permanent, "blocked by residency policy: " + decision.Rule),
                Entry(context, callId, sha, bytes, 0, AuditOutcomes.BlockedByPolicy, decision.Rule));
        }

        // Durable before any byte leaves: a process killed mid-call still leaves this record.
        await _audit.RecordAsync(Entry(context, callId, sha, bytes, 0, AuditOutcomes.Intent, null), cancellationToken).ConfigureAwait(false);
        ModelResponse response;
        try
        {
            response = await SendAsync(messages, parameters, stream, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _audit.RecordAsync(Entry(context, callId, sha, bytes, 0, AuditOutcomes.Cancelled, null), CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var outcome = response.Status switch
        {
            SampleStatus.Ok => AuditOutcomes.Ok,
            SampleStatus.ContentFilter => AuditOutcomes.ContentFilter,
            _ => AuditOutcomes.Error,
        };
        return new AuditedCall(response, Entry(context, callId, sha, bytes, response.Attempts, outcome, AuditDetail(response)));
    }

    /// <summary>
    /// Only the error kind and HTTP status go into the audit log: an endpoint's error message may
    /// quote the prompt back, and the log must never hold a payload.
    /// </summary>
    private static string? AuditDetail(ModelResponse response)
    {
        if (response.Status == SampleStatus.Ok) return null;
        var kind = response.ErrorKind.ToString().ToLowerInvariant();
        var error = response.Error ?? "";
        return error.StartsWith("HTTP ", StringComparison.Ordinal) && error.Length >= 8 ? $"{kind}; {error[..8]}" : kind;
    }

    private AuditEntry Entry(CallContext context, string callId, string sha, long bytes, int attempts, string outcome, string? detail) =>
        new(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), model.Id, model.BaseUrl, model.Model, model.Jurisdiction, context.SuiteId, context.ItemId,
            context.PurposeName, ResidencyPolicy.Name(context.Confidentiality), sha, bytes, attempts, outcome, redactor.Redact(detail))
        {
            CallId = callId,
            RunId = context.RunId,
            Epoch = context.Epoch,
        };

    private async Task<ModelResponse> SendAsync(IReadOnlyList<CoreTurn> messages, GenerationParameters parameters, bool stream, CancellationToken cancellationToken)
    {
        var chat = ChatMessages.From(messages);
        var options = new ChatOptions
        {
            Temperature = (float?)parameters.Temperature,
            TopP = (float?)parameters.TopP,
            MaxOutputTokens = parameters.MaxTokens,
            Seed = parameters.Seed,
            StopSequences = parameters.Stop?.ToList(),
        };

        AttemptResult result = default;
        for (var attempt = 0; ; attempt++)
        {
            await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _attempts);
            // Not the previous attempt's result: a cancelled retry must not return its slot with that attempt's outcome.
            result = default;
            try
            {
                result = await AttemptAsync(chat, options, stream, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // No response: the attempt was cancelled (or failed unexpectedly) while the request may still be at the endpoint.
                if (result.Response is null) await limiter.AbandonAsync().ConfigureAwait(false);
                else await limiter.ReleaseAsync(result.Throttled ? false : result.Response.Status == SampleStatus.Ok ? true : null).ConfigureAwait(false);
            }

            var response = result.Response!;
            if (response.ErrorKind != ErrorKind.Transient || attempt >= retry.MaxRetries)
            {
                if (response.Status == SampleStatus.Error) EngineLog.CallFailed(_log, model.Id, attempt + 1, response.Error);
                return response with { Attempts = attempt + 1 };
            }

            var delay = Backoff(attempt, result.RetryAfter);
            EngineLog.Retrying(_log, model.Id, attempt + 1, response.Error, delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AttemptResult> AttemptAsync(List<ChatMessage> chat, ChatOptions options, bool stream, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(model.Timeout);
        var clock = Stopwatch.StartNew();
        double? ttft = null;
        try
        {
            string text;
            string? finish;
            UsageDetails? usage;
            if (stream)
            {
                var sb = new StringBuilder();
                finish = null;
                usage = null;
                await foreach (var update in client.GetStreamingResponseAsync(chat, options, timeout.Token).ConfigureAwait(false))
                {
                    var piece = update.Text;
                    if (ttft is null && !string.IsNullOrEmpty(piece)) ttft = clock.Elapsed.TotalMilliseconds;
                    sb.Append(piece);
                    if (update.FinishReason is { } fr) finish = fr.Value;
                    foreach (var content in update.Contents)
                    {
                        if (content is UsageContent u) usage = u.Details;
                    }
                }

                text = sb.ToString();
                if (finish is null)
                {
                    // A stream that ends without a finish reason was cut off in transit.
                    return Failure(clock, ErrorKind.Transient, "stream ended before a finish reason (truncated response)", ttft);
                }
            }
            else
            {
                var response = await client.GetResponseAsync(chat, options, timeout.Token).ConfigureAwait(false);
                text = response.Text;
                finish = response.FinishReason?.Value;
                usage = response.Usage;
            }

            var (answer, thinking) = ThinkSplitter.Split(text);
            var tokens = new TokenUsage(usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0);
            var filtered = finish == ChatFinishReason.ContentFilter.Value;
            return new AttemptResult(new ModelResponse(answer, thinking, finish, tokens, clock.Elapsed.TotalMilliseconds, ttft, 1,
                filtered ? SampleStatus.ContentFilter : SampleStatus.Ok,
                filtered ? ErrorKind.ContentFilter : ErrorKind.None,
                filtered ? "stopped by the endpoint's content filter" : null), null, false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure(clock, ErrorKind.Transient, $"timed out after {model.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s", ttft, throttled: true);
        }
        catch (ClientResultException ex)
        {
            return Classify(ex, clock, ttft);
        }
        catch (EndpointException ex)
        {
            return Classify(ex.StatusCode, ex.RetryAfter, ex.StatusCode == 0 ? $"request failed: {Clip(ex.Message)}" : $"HTTP {ex.StatusCode}: {Clip(ex.Message)}", clock, ttft);
        }
        catch (NotSupportedException ex)
        {
            // A connector that cannot express the request (tool turns on a native API): another attempt would not help.
            return Failure(clock, ErrorKind.Permanent, $"not supported by this endpoint's connector: {Clip(ex.Message)}", ttft);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            // Connection failures, broken streams and garbage bodies are worth another attempt.
            var detail = ex is JsonException or FormatException or ArgumentException ? "malformed response" : "connection failed";
            return Failure(clock, ErrorKind.Transient, $"{detail}: {Clip(ex.Message)}", ttft);
        }
    }

    private AttemptResult Classify(ClientResultException ex, Stopwatch clock, double? ttft)
    {
        var status = ex.Status;
        var raw = ex.GetRawResponse();
        TimeSpan? retryAfter = null;
        if (raw is not null && raw.Headers.TryGetValue("Retry-After", out var header) && header is not null)
        {
            retryAfter = ParseRetryAfter(header);
        }

        var message = status == 0 ? $"request failed: {Clip(ex.Message)}" : $"HTTP {status}: {Clip(ExtractMessage(raw) ?? ex.Message)}";
        return Classify(status, retryAfter, message, clock, ttft);
    }

    private AttemptResult Classify(int status, TimeSpan? retryAfter, string message, Stopwatch clock, double? ttft)
    {
        var kind = status is 408 or 409 or 425 or 429 or >= 500 or 0 ? ErrorKind.Transient : ErrorKind.Permanent;
        var result = Failure(clock, kind, message, ttft, throttled: status == 429);
        return result with { RetryAfter = retryAfter };
    }

    private AttemptResult Failure(Stopwatch clock, ErrorKind kind, string message, double? ttft, bool throttled = false) =>
        new(new ModelResponse(null, null, null, default, clock.Elapsed.TotalMilliseconds, ttft, 1, SampleStatus.Error, kind, redactor.Redact(message)), null, throttled);

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } ra) return ra > retry.Max ? retry.Max : ra;
        var exp = retry.Base.TotalMilliseconds * Math.Pow(2, attempt);
        var jittered = exp * (0.5 + (Random.Shared.NextDouble() * 0.5));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, retry.Max.TotalMilliseconds));
    }

    /// <summary>
    /// The longest Retry-After taken as given; larger values (and <c>Infinity</c>, <c>1e400</c>) are read as this.
    /// The wait is capped again by <see cref="RetryOptions.Max"/>; this bound only keeps the arithmetic in range.
    /// </summary>
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromDays(1);

    /// <summary>Parses a Retry-After header: delta-seconds or an HTTP date; never throws for a hostile value.</summary>
    public static TimeSpan? ParseRetryAfter(string header)
    {
        if (double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            // 99999999999999 s, 1e400 and Infinity overflow TimeSpan.FromSeconds; NaN fails the test above.
            return seconds >= LongestRetryAfter.TotalSeconds ? LongestRetryAfter : TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? TimeSpan.FromTicks(Math.Max(0, (at - DateTimeOffset.UtcNow).Ticks))
            : null;
    }

    private static string? ExtractMessage(System.ClientModel.Primitives.PipelineResponse? raw)
    {
        try
        {
            if (raw?.Content is null) return null;
            using var doc = JsonDocument.Parse(raw.Content.ToMemory());
            return doc.RootElement.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object && err.TryGetProperty("message", out var m)
                ? m.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "…";

    private readonly record struct AttemptResult(ModelResponse? Response, TimeSpan? RetryAfter, bool Throttled);
}
