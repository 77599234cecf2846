using System.Text.Json;
using System.Threading.Channels;
using Arbiter.Core.Audit;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Providers.Replay;
using Arbiter.Engine.Scoring;
using Arbiter.Engine.Scoring.Rubric;
using Arbiter.Engine.Sovereignty;
using Arbiter.Engine.Suites;
using Arbiter.Engine.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arbiter.Engine.Runner;

/// <summary>
/// Runs suites against models: resumes from the store, answers from the cache where it can, calls
/// the endpoints with adaptive concurrency, scores, and hands every sample to the store as soon as
/// it completes. Models run in parallel, each with its own limiter. Every call goes through
/// <see cref="ModelCaller"/>, which applies <see cref="RunOptions.Policy"/> and, when the store is
/// also an <see cref="IAuditLogStore"/>, logs each call's intent before it leaves and its outcome
/// with its sample. Transient store faults are retried (<see cref="RunOptions.StoreRetry"/>), and a
/// run lease keeps a second process off the same run.
/// </summary>
public sealed class EvaluationRunner(IRunStore store, IChatClientFactory clients, TimeProvider? time = null, ILoggerFactory? logging = null)
{
    private readonly ILogger _log = (logging ?? NullLoggerFactory.Instance).CreateLogger<EvaluationRunner>();
    private readonly ILogger _callLog = (logging ?? NullLoggerFactory.Instance).CreateLogger<ModelCaller>();
    private const int CacheChunk = 256;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// The concurrency limiter of each model's calls (null: an in-process one per model and invocation).
    /// A cluster worker passes limiters that draw on the endpoint's cluster-wide budget.
    /// </summary>
    public Func<ModelSpec, IConcurrencyLimiter>? Limiters { get; init; }

    /// <summary>
    /// How many of a model's items are worked on at once (null: its <see cref="ModelSpec.MaxConcurrency"/>). A worker also
    /// scores and stores each sample and takes the next item between two calls, so with one worker per slot every call
    /// leaves its slot idle for that long; a cluster shard passes more, so a call is already waiting when a slot comes free.
    /// </summary>
    public Func<ModelSpec, int>? Workers { get; init; }

    /// <summary>Runs the jobs; returns the run records (one per job). Throws only on cancellation or store failure.</summary>
    public async Task<IReadOnlyList<RunRecord>> RunAsync(IReadOnlyList<RunJob> jobs, RunOptions options, RunMonitor monitor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(monitor);
        // A rubric judge that is not configured fails here, before anything is stored or sent.
        var judges = RubricJudging.ResolveJudges(jobs.Select(j => j.Suite), options);
        // Replay models read their logs first: a bad log stops the run before anything is stored.
        var replays = await LoadReplaysAsync(jobs, cancellationToken).ConfigureAwait(false);
        jobs = [.. jobs.Select(j => replays.TryGetValue(j.Model.Id, out var r) ? j with { Model = r.Spec } : j)];
        var retry = new StoreRetry(options.StoreRetry ?? new StoreRetryOptions(), monitor, _log);
        await using var leases = new RunLeases(store as IRunLeaseStore, _time, retry, _log);
        // Build every client first: a missing API key must fail before any call is made (and before anything is stored).
        var called = jobs.Select(j => j.Model).Where(m => !m.IsReplay).DistinctBy(m => m.Id).ToList();
        var clientsByModel = called.ToDictionary(m => m.Id, clients.Create);
        // The first wave's connections open while the store is prepared (issue 18: 84.6 % of the ideal against 82.8 % at 1,000 items).
        foreach (var m in called) clients.Preconnect(m, FirstWave(m, jobs, options));
        var prepared = new List<PreparedJob>(jobs.Count);
        foreach (var job in jobs)
        {
            prepared.Add(await PrepareAsync(job, judges.GetValueOrDefault(job.Suite.Id), options, monitor, retry, leases, cancellationToken).ConfigureAwait(false));
        }

        // A store failure must stop every producer and worker (they would otherwise wait on full
        // channels forever); the writer cancels `abort` and its exception surfaces from DisposeAsync.
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var auditStore = store as IAuditLogStore;
        var audit = auditStore is null ? null : new AuditLogWriter(auditStore, a => retry.ExecuteAsync("append audit log", a, CancellationToken.None), abort.Cancel);
        var writer = new SampleWriter(store, auditStore, retry, abort.Cancel);
        try
        {
            var judging = RubricJudging.Create(judges.Values, clients, store, options, audit, retry, writer, _callLog);
            var perModel = prepared.GroupBy(p => p.Job.Model.Id)
                .Select(g => RunModelAsync(g.ToList(), clientsByModel.GetValueOrDefault(g.Key), replays.GetValueOrDefault(g.Key)?.Model, options, monitor, writer, audit, judging, retry, abort.Token));
            await Task.WhenAll(perModel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the writer cancels `abort` on its own; DisposeAsync below rethrows its failure.
        }
        finally
        {
            try
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                // Calls that were made must be logged even when the run failed or was cancelled.
                if (audit is not null) await audit.DisposeAsync().ConfigureAwait(false);
            }
        }

        var result = new List<RunRecord>(prepared.Count);
        foreach (var p in prepared)
        {
            var summary = await retry.ExecuteAsync("summarize run", () => store.SummarizeAsync(p.Run.RunId, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (summary is not null && summary.Samples >= p.Run.ExpectedSamples && p.Run.Status != RunStatus.Completed)
            {
                await retry.ExecuteAsync("complete run", () => store.CompleteRunAsync(p.Run.RunId, _time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken), cancellationToken).ConfigureAwait(false);
                // The judge's run is done when the graded run is (answers that failed were never sent to it).
                if (p.JudgeRun is { } judged) await retry.ExecuteAsync("complete run", () => store.CompleteRunAsync(judged.RunId, _time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken), cancellationToken).ConfigureAwait(false);
                EngineLog.RunCompleted(_log, p.Run.RunId);
            }

            result.Add(await store.GetRunAsync(p.Run.RunId, cancellationToken).ConfigureAwait(false) ?? p.Run);
        }

        return result;
    }

    /// <summary>
    /// How many calls to <paramref name="model"/> can leave at once: its concurrency, or its items if fewer. None for a suite
    /// the residency policy keeps from its endpoint: nothing is sent there, so no connection is opened either.
    /// </summary>
    private static int FirstWave(ModelSpec model, IReadOnlyList<RunJob> jobs, RunOptions options)
    {
        var policy = options.Policy ?? ResidencyPolicy.Default;
        return (int)Math.Min(model.MaxConcurrency, jobs.Where(j => j.Model.Id == model.Id && policy.Evaluate(j.Suite.Confidentiality, model.Jurisdiction).Allowed)
            .Sum(j => (long)RunPlan.ItemCount(j.Suite, options) * Math.Max(1, RunPlan.EpochsFor(j.Suite, options))));
    }

    private async Task<PreparedJob> PrepareAsync(RunJob job, ModelSpec? judge, RunOptions options, RunMonitor monitor, StoreRetry retry, RunLeases leases, CancellationToken cancellationToken)
    {
        if (options.Shard is { } shard) return await PrepareShardAsync(job, options, shard, monitor, retry, leases, cancellationToken).ConfigureAwait(false);
        var (run, items, epochs) = RunPlan.For(job, options, _time.GetUtcNow().ToUnixTimeMilliseconds(), judge);
        run = await retry.ExecuteAsync("upsert run", () => store.UpsertRunAsync(run, cancellationToken), cancellationToken).ConfigureAwait(false);
        var judgeRun = judge is null ? null : RubricJudging.JudgeRun(run, judge, _time.GetUtcNow().ToUnixTimeMilliseconds());
        if (judgeRun is not null) judgeRun = await retry.ExecuteAsync("upsert run", () => store.UpsertRunAsync(judgeRun, cancellationToken), cancellationToken).ConfigureAwait(false);
        // Before anything is deleted or called: a second process on the same run stops here.
        await leases.AcquireAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        if (options.RetryErrors && await store.DeleteErrorSamplesAsync(run.RunId, cancellationToken).ConfigureAwait(false) > 0)
        {
            run = await store.GetRunAsync(run.RunId, cancellationToken).ConfigureAwait(false) ?? run;
        }

        if (options.RetryErrors && judgeRun is not null && await RubricJudging.ForgetFailedJudgementsAsync(store, run, judgeRun, cancellationToken).ConfigureAwait(false))
        {
            run = await store.GetRunAsync(run.RunId, cancellationToken).ConfigureAwait(false) ?? run;
        }

        // A count, not the set of done keys: the producer asks the store about each chunk of items instead,
        // so resuming a million-sample run does not hold a million keys.
        var summary = await retry.ExecuteAsync("summarize run", () => store.SummarizeAsync(run.RunId, cancellationToken), cancellationToken).ConfigureAwait(false);
        var done = summary?.Samples ?? 0;
        monitor.AddSkipped(done);
        monitor.AddPlanned((long)items.Count * epochs - done);
        EngineLog.RunPrepared(_log, run.RunId, job.Suite.Id, job.Model.Id, (long)items.Count * epochs - done, done);
        return new PreparedJob(job, run, items, epochs, done) { Judge = judge, JudgeRun = judgeRun };
    }

    // A shard is a slice of a run its coordinator already created: its own lease (so one worker at a
    // time runs it), and the resume lookup skips whatever an earlier holder of the shard stored.
    private async Task<PreparedJob> PrepareShardAsync(RunJob job, RunOptions options, int shard, RunMonitor monitor, StoreRetry retry, RunLeases leases, CancellationToken cancellationToken)
    {
        var runId = options.RunId ?? throw new ArgumentException("A shard needs RunOptions.RunId: the run it belongs to.", nameof(options));
        var run = await retry.ExecuteAsync("read run", () => store.GetRunAsync(runId, cancellationToken), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {runId} is not in the store: a shard runs only a run its coordinator created.");
        await leases.AcquireAsync(RunOptions.ShardLeaseKey(runId, shard), cancellationToken).ConfigureAwait(false);
        var items = job.Suite.Items;
        var keys = await retry.ExecuteAsync("read sample keys",
            () => store.GetSampleKeysAsync(runId, [.. items.Select(i => i.Id)], cancellationToken), cancellationToken).ConfigureAwait(false);
        monitor.AddSkipped(keys.Count);
        monitor.AddPlanned(((long)items.Count * run.Epochs) - keys.Count);
        EngineLog.RunPrepared(_log, run.RunId, job.Suite.Id, job.Model.Id, ((long)items.Count * run.Epochs) - keys.Count, keys.Count);
        return new PreparedJob(job, run, items, run.Epochs, keys.Count);
    }

    private async Task RunModelAsync(List<PreparedJob> jobs, IChatClient? client, ReplayModel? replay, RunOptions options, RunMonitor monitor, SampleWriter writer, IAuditSink? audit,
        RubricJudging judging, StoreRetry retry, CancellationToken cancellationToken)
    {
        var model = jobs[0].Job.Model;
        var caller = client is null ? null : ModelCallers.Create(client, model, options.Policy, audit, options.Retry, Limiters?.Invoke(model), _callLog);
        var streaming = new StreamChoice(options.StreamMode, model, monitor, _callLog);
        var parallel = Math.Max(1, Workers?.Invoke(model) ?? model.MaxConcurrency);
        var work = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(Math.Max(parallel, model.MaxConcurrency) * 4) { SingleWriter = true });
        var workers = Enumerable.Range(0, parallel)
            .Select(_ => Task.Run(() => WorkerAsync(work.Reader, caller, replay, streaming, monitor, writer, judging, cancellationToken), cancellationToken))
            .ToList();
        try
        {
            foreach (var job in jobs) await ProduceAsync(job, work.Writer, options.Policy ?? ResidencyPolicy.Default, options.Purpose, monitor, writer, judging, retry, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            work.Writer.TryComplete();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
    }

    private async Task ProduceAsync(PreparedJob job, ChannelWriter<WorkItem> work, ResidencyPolicy policy, CallPurpose purpose, RunMonitor monitor, SampleWriter writer, RubricJudging judging,
        StoreRetry retry, CancellationToken cancellationToken)
    {
        var chunk = new List<WorkItem>(CacheChunk);
        for (var epoch = 0; epoch < job.Epochs; epoch++)
        {
            var parameters = RunKeys.ForEpoch(RunKeys.ParametersFor(job.Job.Model, job.Job.Suite), epoch);
            foreach (var block in job.Items.Chunk(CacheChunk))
            {
                var done = job.DoneCount == 0 ? NoKeys : await retry.ExecuteAsync("read sample keys",
                    () => store.GetSampleKeysAsync(job.Run.RunId, [.. block.Select(i => i.Id)], cancellationToken), cancellationToken).ConfigureAwait(false);
                foreach (var item in block)
                {
                    if (done.Contains((item.Id, epoch))) continue;
                    var messages = PromptRenderer.Render(job.Job.Suite, item);
                    var context = CallContext.ForItem(job.Job.Suite, item, purpose) with { RunId = job.Run.RunId, Epoch = epoch };
                    var w = new WorkItem(job, item, epoch, messages, parameters, RunKeys.CacheKey(job.Job.Model, parameters, messages, epoch), context);
                    if (job.Job.Model.IsReplay)
                    {
                        // A recorded answer is read, not requested: no cache, no policy gate (nothing leaves the machine).
                        await work.WriteAsync(w, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (!policy.Evaluate(context.Confidentiality, job.Job.Model.Jurisdiction).Allowed)
                    {
                        // Straight to the caller, bypassing the cache: its gate records the block and the
                        // audit entry, so results and the log follow the policy in force now.
                        await work.WriteAsync(w, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    chunk.Add(w);
                    if (chunk.Count == CacheChunk) await FlushChunkAsync(chunk, work, monitor, writer, judging, retry, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await FlushChunkAsync(chunk, work, monitor, writer, judging, retry, cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushChunkAsync(List<WorkItem> chunk, ChannelWriter<WorkItem> work, RunMonitor monitor, SampleWriter writer, RubricJudging judging, StoreRetry retry,
        CancellationToken cancellationToken)
    {
        if (chunk.Count == 0) return;
        var keys = chunk.Select(w => w.CacheKey).ToList();
        var cached = await retry.ExecuteAsync("read cache", () => store.GetCachedAsync(keys, cancellationToken), cancellationToken).ConfigureAwait(false);
        foreach (var w in chunk)
        {
            if (cached.TryGetValue(w.CacheKey, out var hit) && w.Job.Judge is not null)
            {
                // A cached answer still needs its judge call: the workers make it, in parallel.
                await work.WriteAsync(w with { Cached = hit with { Attempts = 0 } }, cancellationToken).ConfigureAwait(false);
            }
            else if (hit is not null)
            {
                await CompleteAsync(w, hit with { Attempts = 0 }, null, cacheHit: true, monitor, writer, judging, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await work.WriteAsync(w, cancellationToken).ConfigureAwait(false);
            }
        }

        chunk.Clear();
    }

    private static async Task WorkerAsync(ChannelReader<WorkItem> work, ModelCaller? caller, ReplayModel? replay, StreamChoice streaming, RunMonitor monitor, SampleWriter writer,
        RubricJudging judging, CancellationToken cancellationToken)
    {
        await foreach (var w in work.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (replay is not null)
            {
                var answer = replay.Answer(w.Item, w.Epoch);
                await CompleteAsync(w with { Metadata = ReplaySource.Metadata(w.Item.Metadata, answer) }, answer.Response, null, cacheHit: false, monitor, writer, judging, cancellationToken)
                    .ConfigureAwait(false);
                continue;
            }

            if (w.Cached is { } hit)
            {
                await CompleteAsync(w, hit, null, cacheHit: true, monitor, writer, judging, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var call = await streaming.CallAsync(caller!, w.Messages, w.Parameters, w.Context, cancellationToken).ConfigureAwait(false);
            // The outcome entry travels with the sample and commits in its transaction.
            await CompleteAsync(w, call.Response, call.Outcome, cacheHit: false, monitor, writer, judging, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CompleteAsync(WorkItem w, ModelResponse response, AuditEntry? outcome, bool cacheHit, RunMonitor monitor, SampleWriter writer, RubricJudging judging,
        CancellationToken cancellationToken)
    {
        var job = w.Job;
        var scorer = response.Status == SampleStatus.Ok && !job.Job.Suite.SubmitOnly ? job.Scorers.For(w.Item) : null;
        ScoreResult? score = scorer switch
        {
            null => null,
            RubricScorer rubric => await judging.GradeAsync(job.Job.Suite, w.Item, w.Epoch, response.Text ?? "", rubric, job.JudgeRun!, job.Judge!, cancellationToken).ConfigureAwait(false),
            _ => scorer.Score(w.Item, response.Text ?? ""),
        };
        var pricing = job.Job.Model.Pricing;
        decimal? cost = pricing is null || response.Status is SampleStatus.Error or SampleStatus.BlockedByPolicy ? null : pricing.CostOf(response.Usage.Input, response.Usage.Output);
        var sample = new SampleRecord(job.Run.RunId, w.Item.Id, w.Epoch, response, score, cost, cacheHit, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
        {
            MetadataJson = w.Metadata ?? job.MetadataFor(w.Item),
        };
        monitor.Completed(response.Status == SampleStatus.Error, cacheHit, response.Usage.Input, response.Usage.Output, score?.Value >= 1, pricing?.Currency, cost);
        await writer.WriteAsync(sample, response.Status == SampleStatus.Ok && !job.Job.Model.IsReplay ? w.CacheKey : null, outcome, cancellationToken).ConfigureAwait(false);
    }


    private sealed record WorkItem(PreparedJob Job, SuiteItem Item, int Epoch, IReadOnlyList<ChatTurn> Messages, GenerationParameters Parameters, string CacheKey, CallContext Context)
    {
        /// <summary>The cached answer of a rubric-graded item (its judge call is still to make).</summary>
        public ModelResponse? Cached { get; init; }

        /// <summary>The sample's metadata when it is not just the item's (a replayed answer carries its recorded score).</summary>
        public string? Metadata { get; init; }
    }

    private static async Task<Dictionary<string, ReplaySource>> LoadReplaysAsync(IReadOnlyList<RunJob> jobs, CancellationToken cancellationToken)
    {
        var replays = new Dictionary<string, ReplaySource>(StringComparer.Ordinal);
        foreach (var model in jobs.Select(j => j.Model).Where(m => m.IsReplay).DistinctBy(m => m.Id))
        {
            replays[model.Id] = await ReplaySource.LoadAsync(model, cancellationToken).ConfigureAwait(false);
        }

        return replays;
    }

    private static readonly IReadOnlySet<(string ItemId, int Epoch)> NoKeys = new HashSet<(string ItemId, int Epoch)>();

    private sealed record PreparedJob(RunJob Job, RunRecord Run, IReadOnlyList<SuiteItem> Items, int Epochs, long DoneCount)
    {
        // Built once per job so a regex scorer compiles once, not once per sample.
        public SuiteScorers Scorers { get; } = new(Job.Suite.Scorer);

        /// <summary>The rubric judge of this suite and the run that holds its replies (null without rubric items).</summary>
        public ModelSpec? Judge { get; init; }

        public RunRecord? JudgeRun { get; init; }

        public string? MetadataFor(SuiteItem item) => item.Metadata.Count == 0 ? null : JsonSerializer.Serialize(item.Metadata);
    }
}
