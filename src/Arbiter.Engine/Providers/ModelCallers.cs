using Arbiter.Core.Models;
using Arbiter.Engine.Sovereignty;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Arbiter.Engine.Providers;

/// <summary>
/// The one way to build a <see cref="ModelCaller"/>: the runner, the arena and <c>models ping</c> all get
/// the model's key redacted from every error, log line and audit entry, and the same retry and
/// concurrency defaults unless they pass their own. (The arena once passed no redactor and logged the
/// endpoint's raw error.)
/// </summary>
public static class ModelCallers
{
    /// <summary>Creates a caller for <paramref name="model"/> over <paramref name="client"/>.</summary>
    /// <param name="client">The chat client (possibly wrapped, e.g. to tee a stream).</param>
    /// <param name="model">The model; its API key (from its environment variable) is what gets redacted.</param>
    /// <param name="policy">Residency policy (null: the safe default).</param>
    /// <param name="audit">Audit sink (null: none).</param>
    /// <param name="retry">Retry settings (null: <see cref="RetryOptions"/> defaults).</param>
    /// <param name="limiter">Concurrency limiter (null: an in-process one starting at the model's configured ceiling; a cluster passes its shared one).</param>
    /// <param name="logger">Logs retries and failures, already redacted (null: silent).</param>
    public static ModelCaller Create(IChatClient client, ModelSpec model, ResidencyPolicy? policy, IAuditSink? audit,
        RetryOptions? retry = null, IConcurrencyLimiter? limiter = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(model);
        var redactor = new SecretRedactor([ChatClientFactory.ResolveApiKey(model)]);
        // Start at the configured ceiling: a latency-bound endpoint is used fully from the first
        // second, and a rate-limited one halves the limit on its first 429s.
        limiter ??= new AdaptiveConcurrencyLimiter(model.MaxConcurrency, initial: model.MaxConcurrency);
        return new ModelCaller(client, model, limiter, retry ?? new RetryOptions(), redactor, policy, audit, logger);
    }
}
