using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Sovereignty;

namespace Arbiter.Engine.Runner;

/// <summary>One suite against one model.</summary>
public sealed record RunJob(Suite Suite, ModelSpec Model);

/// <summary>Options for an invocation of the runner.</summary>
/// <param name="Epochs">Override of the suite's epochs (null: the suite's).</param>
/// <param name="Limit">Use only the first N items of each suite.</param>
/// <param name="Stream">Stream responses (records time to first token); see also <see cref="RunOptions.StreamFallback"/>.</param>
/// <param name="Retry">Retry settings.</param>
/// <param name="Fresh">Start a new run even if the same spec has one (the cache still applies).</param>
/// <param name="RunId">Continue this run id (resume of a single job).</param>
public sealed record RunOptions(int? Epochs = null, int? Limit = null, bool Stream = false, RetryOptions? Retry = null, bool Fresh = false, string? RunId = null)
{
    /// <summary>Retry samples whose call failed in an earlier invocation (they are deleted, then resumed).</summary>
    public bool RetryErrors { get; init; }

    /// <summary>Residency policy applied to every call (null: <see cref="ResidencyPolicy.Default"/>).</summary>
    public ResidencyPolicy? Policy { get; init; }

    /// <summary>Retries of transient store faults (null: <see cref="StoreRetryOptions"/> defaults, about two minutes).</summary>
    public StoreRetryOptions? StoreRetry { get; init; }

    /// <summary>
    /// With <see cref="Stream"/>: <c>stream: auto</c>, so a model whose endpoint cannot stream (an error or a
    /// non-SSE answer to <c>stream: true</c>) is asked again without streaming, for the rest of the invocation.
    /// </summary>
    public bool StreamFallback { get; init; }

    /// <summary>Models a <c>scorer: rubric</c> may name as its judge (arbiter.yaml's models).</summary>
    public IReadOnlyList<ModelSpec> JudgeModels { get; init; } = [];

    /// <summary>Judge model id for rubric scorers that name none (<c>--judge</c>); null: such a suite is an error.</summary>
    public string? RubricJudge { get; init; }

    /// <summary>
    /// Run one shard of an existing run (a cluster worker does): <see cref="RunId"/> names the run, which must
    /// be in the store; the job's suite holds only the shard's items; the shard's own lease keeps a second
    /// worker off it; epochs come from the run; <see cref="RetryErrors"/> is left to the coordinator.
    /// </summary>
    public int? Shard { get; init; }

    /// <summary>The lease that one worker at a time holds on shard <paramref name="shard"/> of <paramref name="runId"/>.</summary>
    public static string ShardLeaseKey(string runId, int shard) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{runId}#shard-{shard}");

    /// <summary>What the runs are for, stored on each run record (benchmark unless set).</summary>
    public RunKind Kind { get; init; } = RunKind.Benchmark;

    /// <summary>Why these calls are made, as recorded in the audit log: follows <see cref="Kind"/>.</summary>
    public CallPurpose Purpose => Kind switch
    {
        RunKind.AuditProbe => CallPurpose.Audit,
        RunKind.AuditJudge or RunKind.ArenaJudge => CallPurpose.Judge,
        _ => CallPurpose.Benchmark,
    };

    /// <summary>The streaming setting as one value (part of the run's identity).</summary>
    public StreamMode StreamMode => !Stream ? StreamMode.Off : StreamFallback ? StreamMode.Auto : StreamMode.On;
}

/// <summary>How responses are requested: <c>stream: false | true | auto</c>.</summary>
public enum StreamMode
{
    /// <summary>One JSON response per call.</summary>
    Off,
    /// <summary>Server-sent events (records time to first token).</summary>
    On,
    /// <summary>Streaming, falling back to one JSON response when the endpoint cannot stream.</summary>
    Auto,
}
