using Arbiter.Core.Storage;
using Arbiter.Engine.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Arbiter.Engine.Runner;

/// <summary>How long the runner keeps retrying a store that reports a transient fault.</summary>
/// <param name="MaxAttempts">Attempts per operation, the first included.</param>
/// <param name="BaseDelay">First wait; doubles per attempt.</param>
/// <param name="MaxDelay">Longest single wait.</param>
/// <remarks>The defaults wait about two minutes in all: long enough for a PostgreSQL restart or a
/// checkpoint holding a SQLite file, short enough that a database that is really gone ends the run.</remarks>
public sealed record StoreRetryOptions(int MaxAttempts = 12, TimeSpan? BaseDelay = null, TimeSpan? MaxDelay = null)
{
    internal TimeSpan Base => BaseDelay ?? TimeSpan.FromMilliseconds(250);

    internal TimeSpan Max => MaxDelay ?? TimeSpan.FromSeconds(20);
}

/// <summary>
/// Retries store operations that fail with a transient <see cref="StoreException"/> (Npgsql's
/// <c>IsTransient</c>, SQLite BUSY/LOCKED) with a bounded exponential back-off, reporting each
/// wait to the log and the <see cref="RunMonitor"/>. Anything else, and the last failure, is rethrown.
/// </summary>
internal sealed class StoreRetry(StoreRetryOptions options, RunMonitor? monitor, ILogger logger)
{
    public async Task<T> ExecuteAsync<T>(string operation, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await action().ConfigureAwait(false);
                if (attempt > 1)
                {
                    EngineLog.StoreRecovered(logger, operation, attempt);
                    monitor?.StorageRecovered();
                }

                return result;
            }
            catch (StoreException ex) when (ex.IsTransient && attempt < options.MaxAttempts)
            {
                var delay = Delay(attempt);
                EngineLog.StoreRetrying(logger, operation, attempt, options.MaxAttempts, ex.Message, delay.TotalMilliseconds);
                monitor?.StorageFault($"{operation}: {ex.Message}");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task ExecuteAsync(string operation, Func<Task> action, CancellationToken cancellationToken) =>
        ExecuteAsync(operation, async () =>
        {
            await action().ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private TimeSpan Delay(int attempt)
    {
        var ms = options.Base.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        return TimeSpan.FromMilliseconds(Math.Min(ms, options.Max.TotalMilliseconds));
    }
}
