using Microsoft.Extensions.Logging;

namespace Arbiter.Engine.Diagnostics;

/// <summary>Every log message of the engine, in one place (source-generated, no boxing when disabled).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Run {RunId}: suite {SuiteId} × model {ModelId}, {Pending} samples to do, {Stored} already stored")]
    public static partial void RunPrepared(ILogger logger, string runId, string suiteId, string modelId, long pending, int stored);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Run {RunId} completed")]
    public static partial void RunCompleted(ILogger logger, string runId);

    // The error text is already redacted by ModelCaller: keys never reach a log line.
    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Model {ModelId}: attempt {Attempt} failed ({Error}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string modelId, int attempt, string? error, double delayMs);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Model {ModelId}: call failed after {Attempts} attempt(s): {Error}")]
    public static partial void CallFailed(ILogger logger, string modelId, int attempts, string? error);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Model {ModelId}: the endpoint cannot stream ({Error}); stream: auto asks it without streaming from now on")]
    public static partial void StreamFallback(ILogger logger, string modelId, string? error);

    // Storage messages name the database (never a password) and the failed operation.
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Storage: {Operation} failed (attempt {Attempt} of {MaxAttempts}): {Error}; answers are kept in memory, retrying in {DelayMs} ms")]
    public static partial void StoreRetrying(ILogger logger, string operation, int attempt, int maxAttempts, string error, double delayMs);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Storage: {Operation} succeeded again after {Attempts} attempts")]
    public static partial void StoreRecovered(ILogger logger, string operation, int attempts);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Run {RunId}: lease of {Owner} expired and was taken over from {Previous}")]
    public static partial void LeaseTakenOver(ILogger logger, string runId, string owner, string previous);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Run {RunId}: could not renew the run lease: {Error}")]
    public static partial void LeaseRenewFailed(ILogger logger, string runId, string error);
}
