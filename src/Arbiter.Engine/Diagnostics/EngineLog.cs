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
}
