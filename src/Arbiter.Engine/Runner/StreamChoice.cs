using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Diagnostics;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Sovereignty;
using Microsoft.Extensions.Logging;

namespace Arbiter.Engine.Runner;

/// <summary>
/// Whether one model's calls stream. Under <see cref="StreamMode.Auto"/> a streamed call that fails in a way a
/// non-streaming endpoint fails — a 4xx refusal of <c>stream: true</c>, or a body that is not server-sent events —
/// is asked once more without streaming; when that answer comes back, the model is asked without streaming for
/// the rest of the invocation. A server that is down (timeouts, 429, 5xx, refused connections) does not switch it:
/// a plain request would fail the same way, and the run would lose its time-to-first-token for nothing.
/// </summary>
internal sealed class StreamChoice(StreamMode mode, ModelSpec model, RunMonitor monitor, ILogger log)
{
    private int _fellBack;

    /// <summary>True while calls are made with streaming.</summary>
    public bool Stream => mode != StreamMode.Off && Volatile.Read(ref _fellBack) == 0;

    /// <summary>
    /// One logical call through <paramref name="caller"/>, streamed or not as decided so far. The outcome of the
    /// returned call is left to the caller to store with its sample; a streamed attempt that is retried without
    /// streaming has its outcome recorded here (it was a real request).
    /// </summary>
    public async Task<AuditedCall> CallAsync(ModelCaller caller, IReadOnlyList<ChatTurn> messages, GenerationParameters parameters, CallContext context,
        CancellationToken cancellationToken)
    {
        var stream = Stream;
        var call = await caller.CallAuditedAsync(messages, parameters, stream, context, cancellationToken).ConfigureAwait(false);
        if (!stream || mode != StreamMode.Auto || !LooksUnableToStream(call.Response)) return call;
        await caller.RecordAsync(call.Outcome).ConfigureAwait(false);
        var plain = await caller.CallAuditedAsync(messages, parameters, false, context, cancellationToken).ConfigureAwait(false);
        if (plain.Response.Status == SampleStatus.Error) return plain;
        if (Interlocked.Exchange(ref _fellBack, 1) == 0)
        {
            EngineLog.StreamFallback(log, model.Id, call.Response.Error);
            monitor.Notices.Enqueue($"{model.Id}: the endpoint cannot stream ({call.Response.Error}); stream: auto asked it without streaming (no time to first token)");
        }

        return plain;
    }

    // ModelCaller words these failures itself: a permanent error is a 4xx; a body that is not an event stream
    // surfaces as a malformed response or as a stream that ends without a finish reason.
    private static bool LooksUnableToStream(ModelResponse r) =>
        r.Status == SampleStatus.Error
        && (r.ErrorKind == ErrorKind.Permanent
            || (r.Error ?? "").StartsWith("malformed response", StringComparison.Ordinal)
            || (r.Error ?? "").StartsWith("stream ended before a finish reason", StringComparison.Ordinal));
}
