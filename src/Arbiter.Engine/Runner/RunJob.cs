using Arbiter.Core.Models;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Sovereignty;

namespace Arbiter.Engine.Runner;

/// <summary>One suite against one model.</summary>
public sealed record RunJob(Suite Suite, ModelSpec Model);

/// <summary>Options for an invocation of the runner.</summary>
/// <param name="Epochs">Override of the suite's epochs (null: the suite's).</param>
/// <param name="Limit">Use only the first N items of each suite.</param>
/// <param name="Stream">Stream responses (records time to first token).</param>
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

    /// <summary>Why these calls are made, as recorded in the audit log (benchmark unless set).</summary>
    public CallPurpose Purpose { get; init; } = CallPurpose.Benchmark;
}
