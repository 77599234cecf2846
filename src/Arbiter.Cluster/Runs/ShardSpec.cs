using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Sovereignty;

namespace Arbiter.Cluster.Runs;

/// <summary>
/// The work of one run shard as the coordinator hands it to a worker: the run it belongs to, the
/// suite cut down to the shard's items, the model (its key's variable name only: each worker reads
/// the key from its own environment) and the invocation settings that change a call.
/// </summary>
/// <param name="RunId">The run, already in the store.</param>
/// <param name="Shard">The shard's number within the run (its lease is per number).</param>
/// <param name="Suite">The suite with only this shard's items.</param>
/// <param name="Model">The model called.</param>
/// <param name="Retry">Retries of failed calls.</param>
/// <param name="Stream">Stream responses.</param>
/// <param name="StreamFallback">With <paramref name="Stream"/>: fall back where the endpoint cannot stream.</param>
/// <param name="Kind">What the run is for.</param>
/// <param name="Policy">Residency policy (null: the default).</param>
public sealed record ShardSpec(string RunId, int Shard, Suite Suite, ModelSpec Model, RetryOptions? Retry, bool Stream, bool StreamFallback,
    RunKind Kind, ResidencyPolicy? Policy)
{
    // Plain System.Text.Json: the Core and Engine records carry no Orleans attributes (they must not
    // depend on it), and a string crosses the wire with Orleans' built-in codec.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    /// <summary>The grain that runs shard <paramref name="shard"/> of <paramref name="runId"/>.</summary>
    public static string GrainKey(string runId, int shard) => RunOptions.ShardLeaseKey(runId, shard);

    /// <summary>This shard's grain key.</summary>
    public string Key => GrainKey(RunId, Shard);

    /// <summary>The job the worker's runner runs.</summary>
    public RunJob Job => new(Suite, Model);

    /// <summary>The options the worker's runner runs it with.</summary>
    public RunOptions Options => new(Retry: Retry, Stream: Stream, RunId: RunId)
    {
        Shard = Shard, StreamFallback = StreamFallback, Kind = Kind, Policy = Policy,
    };

    /// <summary>Shard <paramref name="shard"/> of <paramref name="run"/>: <paramref name="items"/> of <paramref name="job"/> under <paramref name="options"/>.</summary>
    public static ShardSpec For(RunRecord run, int shard, RunJob job, IReadOnlyList<SuiteItem> items, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        return new ShardSpec(run.RunId, shard, job.Suite with { Items = items }, job.Model, options.Retry, options.Stream, options.StreamFallback,
            run.Kind, options.Policy);
    }

    /// <summary>The wire form.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads the wire form.</summary>
    public static ShardSpec FromJson(string json) =>
        JsonSerializer.Deserialize<ShardSpec>(json, Json) ?? throw new JsonException("A shard spec was null.");
}
