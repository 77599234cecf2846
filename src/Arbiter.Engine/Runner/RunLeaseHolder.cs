using Arbiter.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arbiter.Engine.Runner;

/// <summary>
/// The run-level lease a local <see cref="EvaluationRunner"/> takes, for a process that drives runs without that runner —
/// a cluster coordinator. While held (renewed in the background), a local run or a second coordinator of the same run
/// stops with <see cref="RunLeaseHeldException"/> instead of calling every item twice. A store without leases holds nothing.
/// </summary>
public sealed class RunLeaseHolder : IAsyncDisposable
{
    private readonly RunLeases _leases;

    /// <summary>A holder on <paramref name="store"/>; it holds no run until <see cref="AcquireAsync"/>.</summary>
    public RunLeaseHolder(IRunStore store, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var log = logger ?? NullLogger.Instance;
        _leases = new RunLeases(store as IRunLeaseStore, time ?? TimeProvider.System, new StoreRetry(new StoreRetryOptions(), null, log), log);
    }

    /// <summary>Takes the lease of <paramref name="runId"/>, or throws <see cref="RunLeaseHeldException"/> naming its holder.</summary>
    public Task AcquireAsync(string runId, CancellationToken cancellationToken = default) => _leases.AcquireAsync(runId, cancellationToken);

    /// <summary>Stops renewing and releases every lease held.</summary>
    public ValueTask DisposeAsync() => _leases.DisposeAsync();
}
