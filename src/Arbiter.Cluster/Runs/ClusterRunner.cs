using System.Text.Json;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Runner;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arbiter.Cluster.Runs;

/// <summary>How a run is cut into shards and watched.</summary>
/// <param name="ShardSize">Items per shard (each with all its epochs).</param>
/// <param name="MaxActiveShards">Shards running at once (null: three per live worker, at least three).</param>
/// <param name="PollInterval">How often shards are asked for their progress.</param>
/// <param name="MaxFailures">Failures of one shard (store outages past their retries) before the run gives up.</param>
/// <param name="CallTimeout">How long one look at a shard may take before the shard counts as unreachable this round (null: 5 s).</param>
public sealed record ClusterRunSettings(int ShardSize = 100, int? MaxActiveShards = null, TimeSpan? PollInterval = null, int MaxFailures = 3,
    TimeSpan? CallTimeout = null);

/// <summary>
/// The coordinator of <c>arbiter run --cluster</c>: plans each job as the local runner would (same run
/// id, same record in the store), cuts its items into shards, runs them as <see cref="IRunShardGrain"/>s
/// on the workers and adds their progress into one <see cref="RunMonitor"/>. A shard whose worker died
/// comes back <see cref="ShardState.Idle"/> from its new activation and is started again; it resumes from the store.
/// </summary>
public sealed class ClusterRunner(IGrainFactory grains, IRunStore store, ClusterRunSettings? settings = null, TimeProvider? time = null, ILogger? logger = null)
{
    private readonly ClusterRunSettings _settings = settings ?? new ClusterRunSettings();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _log = logger ?? NullLogger.Instance;

    /// <summary>Runs the jobs on the cluster; returns the run records (one per job), as <see cref="EvaluationRunner.RunAsync"/> does.</summary>
    public async Task<IReadOnlyList<RunRecord>> RunAsync(IReadOnlyList<RunJob> jobs, RunOptions options, RunMonitor monitor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentOutOfRangeException.ThrowIfLessThan(_settings.ShardSize, 1);
        var runs = new List<RunRecord>(jobs.Count);
        var shards = new List<Shard>();
        // The run-level lease, as a local run takes it: a local run or a second coordinator of the same run stops
        // (exit 75) instead of planning other shards over it; workers hold the shards' own leases.
        await using var leases = new RunLeaseHolder(store, _time, _log);
        foreach (var job in jobs)
        {
            var (run, items, epochs) = RunPlan.For(job, options, _time.GetUtcNow().ToUnixTimeMilliseconds());
            run = await store.UpsertRunAsync(run, cancellationToken).ConfigureAwait(false);
            await leases.AcquireAsync(run.RunId, cancellationToken).ConfigureAwait(false);
            // Here, once: a shard deleting errors would delete other shards' finished ones.
            if (options.RetryErrors) await store.DeleteErrorSamplesAsync(run.RunId, cancellationToken).ConfigureAwait(false);
            var done = (await store.SummarizeAsync(run.RunId, cancellationToken).ConfigureAwait(false))?.Samples ?? 0;
            monitor.Add(RunProgress.Zero with { Total = ((long)items.Count * epochs) - done, Skipped = done });
            runs.Add(run);
            var n = 0;
            foreach (var slice in items.Chunk(_settings.ShardSize))
            {
                var spec = ShardSpec.For(run, n++, job, slice, options);
                shards.Add(new Shard(spec.Key, spec.ToJson(), grains.GetGrain<IRunShardGrain>(spec.Key)));
            }
        }

        try
        {
            await DriveAsync(shards, monitor, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stop the workers too: the user asked the whole run to stop, not only this process.
            await Task.WhenAll(shards.Where(s => s.Active).Select(s => s.Grain.CancelAsync().ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            throw;
        }

        var result = new List<RunRecord>(runs.Count);
        foreach (var run in runs)
        {
            var summary = await store.SummarizeAsync(run.RunId, cancellationToken).ConfigureAwait(false);
            if (summary is not null && summary.Samples >= run.ExpectedSamples && run.Status != RunStatus.Completed)
            {
                await store.CompleteRunAsync(run.RunId, _time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
            }

            result.Add(await store.GetRunAsync(run.RunId, cancellationToken).ConfigureAwait(false) ?? run);
        }

        return result;
    }

    private async Task DriveAsync(List<Shard> shards, RunMonitor monitor, CancellationToken cancellationToken)
    {
        // Three per worker: placement does not spread shards evenly, and a worker left with one shard idles from that
        // shard's tail until the coordinator's next look starts another there (its slots serve the oldest shard first,
        // so the extra ones only wait).
        var window = _settings.MaxActiveShards ?? Math.Max(3, 3 * await LiveWorkersAsync().ConfigureAwait(false));
        var poll = _settings.PollInterval ?? TimeSpan.FromMilliseconds(250);
        var waiting = new Queue<Shard>(shards);
        var active = new List<Shard>();
        while (waiting.Count > 0 || active.Count > 0)
        {
            while (active.Count < window && waiting.TryDequeue(out var next))
            {
                next.Active = true;
                active.Add(next);
            }

            await Task.WhenAll(active.Select(s => StepAsync(s, monitor))).ConfigureAwait(false);
            active.RemoveAll(s => !s.Active);
            if (active.Count > 0 || waiting.Count > 0) await Task.Delay(poll, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    // One look at a shard: start it if its activation has nothing (new, or its silo died), add its progress, retire it when done.
    private async Task StepAsync(Shard shard, RunMonitor monitor)
    {
        ShardStatus status;
        // Every shard is looked at together each round: one call to a killed worker's silo, which Orleans answers
        // only after its 30 s response timeout, would otherwise hold up every other shard's progress and start.
        var timeout = _settings.CallTimeout ?? TimeSpan.FromSeconds(5);
        try
        {
            status = await (shard.Started ? shard.Grain.GetStatusAsync() : shard.Grain.StartAsync(shard.SpecJson)).WaitAsync(timeout, _time).ConfigureAwait(false);
            shard.Started = true;
            if (status.State == ShardState.Idle) status = await shard.Grain.StartAsync(shard.SpecJson).WaitAsync(timeout, _time).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || ex is TaskCanceledException or TimeoutException)
        {
            // A silo that died takes a few seconds to be declared dead; until then calls to it fail or time out.
            ClusterLog.ShardUnreachable(_log, shard.Key, ex.Message);
            shard.Started = false;
            return;
        }

        Report(shard, status, monitor);
        switch (status.State)
        {
            case ShardState.Completed:
                shard.Active = false;
                break;
            case ShardState.Failed when ++shard.Failures >= _settings.MaxFailures:
                throw new ClusterRunException($"shard {shard.Key} failed {shard.Failures} times; last error: {status.Error}");
            case ShardState.Failed:
                ClusterLog.ShardFailed(_log, shard.Key, shard.Failures, status.Error ?? "");
                shard.Started = false; // StartAsync runs a failed shard again
                break;
            // A killed silo's grains fail calls for a few seconds: not the shard's fault, but a cluster that never
            // delivers must still end the run, so these have a budget of their own, ten times the failures'.
            case ShardState.Interrupted when ++shard.Interruptions >= _settings.MaxFailures * 10:
                throw new ClusterRunException($"shard {shard.Key} was interrupted by the cluster {shard.Interruptions} times; last error: {status.Error}");
            case ShardState.Interrupted:
                ClusterLog.ShardUnreachable(_log, shard.Key, status.Error ?? "");
                shard.Started = false;
                break;
        }
    }

    private static void Report(Shard shard, ShardStatus status, RunMonitor monitor)
    {
        var now = JsonSerializer.Deserialize<RunProgress>(status.ProgressJson) ?? RunProgress.Zero;
        if (status.Activation != shard.Activation || now.Done < shard.Last.Done)
        {
            // A new activation (or a restarted shard) counts from zero; what the old one reported stays counted.
            shard.Activation = status.Activation;
            shard.Last = RunProgress.Zero with { Notices = shard.Last.Notices };
        }

        // Planned and skipped are the coordinator's: it counted them once, for the whole run.
        monitor.Add(now.Since(shard.Last) with { Total = 0, Skipped = 0 });
        shard.Last = now;
    }

    private async Task<int> LiveWorkersAsync()
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
        return hosts.Count;
    }

    private sealed class Shard(string key, string specJson, IRunShardGrain grain)
    {
        public string Key { get; } = key;
        public string SpecJson { get; } = specJson;
        public IRunShardGrain Grain { get; } = grain;
        public bool Active { get; set; }
        public bool Started { get; set; }
        public int Failures { get; set; }
        public int Interruptions { get; set; }
        public Guid Activation { get; set; }
        public RunProgress Last { get; set; } = RunProgress.Zero;
    }
}

/// <summary>A cluster run could not finish: a shard kept failing.</summary>
public sealed class ClusterRunException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterRunException() : base("The cluster run failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ClusterRunException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ClusterRunException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
