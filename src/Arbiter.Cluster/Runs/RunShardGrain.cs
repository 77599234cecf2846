using System.Text.Json;
using Arbiter.Engine.Runner;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace Arbiter.Cluster.Runs;

/// <summary>
/// Runs one shard with the engine's own runner, in shard mode: the shard's lease in the store keeps
/// any second worker off it, the resume lookup skips what is stored, and every call takes a slot of
/// the endpoint's cluster-wide budget. Placed on the least loaded of two silos, so shards spread out.
/// </summary>
[ActivationCountBasedPlacement]
public sealed class RunShardGrain(ShardWorkerServices services, ILogger<RunShardGrain> log) : Grain, IRunShardGrain
{
    private readonly Guid _activation = Guid.NewGuid();
    private RunMonitor _monitor = new();
    private CancellationTokenSource? _stop;
    private Task? _work;

    /// <inheritdoc />
    public Task<ShardStatus> StartAsync(string specJson)
    {
        // Not on a worker that is stopping: the shard would stop at once and count as failed; once this silo is gone,
        // the next call finds a new activation elsewhere.
        if ((_work is null || _work.IsFaulted || _work.IsCanceled) && !services.Stopping.IsCancellationRequested)
        {
            var spec = ShardSpec.FromJson(specJson);
            if (spec.Key != this.GetPrimaryKeyString()) throw new ArgumentException($"Shard {spec.Key} was sent to grain {this.GetPrimaryKeyString()}.", nameof(specJson));
            _stop?.Dispose();
            _stop = CancellationTokenSource.CreateLinkedTokenSource(services.Stopping);
            _monitor = new RunMonitor();
            var stop = _stop.Token;
            var monitor = _monitor;
            var grains = GrainFactory; // read here: a grain's services may not be touched from other threads
            // Off the grain's scheduler: the runner is ordinary async code with its own threads.
            _work = Task.Run(() => ShardExecution.RunAsync(spec, services, grains, monitor, log, stop), CancellationToken.None);
            ClusterLog.ShardStarted(log, spec.Key, spec.Suite.Items.Count);
        }

        return Task.FromResult(Status());
    }

    /// <inheritdoc />
    public Task<ShardStatus> GetStatusAsync() => Task.FromResult(Status());

    /// <inheritdoc />
    public async Task CancelAsync()
    {
        if (_stop is not null) await _stop.CancelAsync();
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_stop is not null) await _stop.CancelAsync();
        if (_work is not null) await Task.WhenAny(_work, Task.Delay(Timeout.Infinite, cancellationToken));
        _stop?.Dispose();
    }

    private ShardStatus Status()
    {
        var progress = JsonSerializer.Serialize(_monitor.Snapshot());
        return _work switch
        {
            null => new ShardStatus(ShardState.Idle, _activation, progress, null),
            { IsCompletedSuccessfully: true } => new ShardStatus(ShardState.Completed, _activation, progress, null),
            // Ended by its worker's shutdown (a stop or a kill), not by a fault of its own: it resumes on another worker
            // once this one is gone, and must not count as one of the shard's failures (three end the run).
            { IsCompleted: true } when services.Stopping.IsCancellationRequested => new ShardStatus(ShardState.Running, _activation, progress, null),
            { IsFaulted: true } failed when ClusterFaults.IsMessaging(failed.Exception) =>
                new ShardStatus(ShardState.Interrupted, _activation, progress, failed.Exception.GetBaseException().Message),
            { IsFaulted: true } failed => new ShardStatus(ShardState.Failed, _activation, progress, failed.Exception.GetBaseException().Message),
            { IsCanceled: true } => new ShardStatus(ShardState.Failed, _activation, progress, "the shard was stopped"),
            _ => new ShardStatus(ShardState.Running, _activation, progress, null),
        };
    }
}
