namespace Arbiter.Cluster.Runs;

/// <summary>Where a shard is.</summary>
public enum ShardState
{
    /// <summary>Nothing started in this activation (new, or re-activated after its silo died): start it (again).</summary>
    Idle,
    /// <summary>Calling, or waiting for the shard's lease, or stopped because its worker is stopping (it starts elsewhere once that worker is gone).</summary>
    Running,
    /// <summary>Every sample of the shard is stored.</summary>
    Completed,
    /// <summary>The shard stopped on an error (a store outage past its retries, a model that cannot be built).</summary>
    Failed,
    /// <summary>
    /// The shard stopped because the cluster could not deliver one of its calls (a silo died with a grain it used): it
    /// starts again, and this does not count as one of its failures. Last, so the other states keep their numbers.
    /// </summary>
    Interrupted,
}

/// <summary>A shard's state as its grain reports it.</summary>
/// <param name="State">Where it is.</param>
/// <param name="Activation">Identifies the activation: counters restart from zero when it changes.</param>
/// <param name="ProgressJson">The activation's <c>RunProgress</c> as JSON.</param>
/// <param name="Error">Why it failed.</param>
[GenerateSerializer, Immutable]
public sealed record ShardStatus(ShardState State, Guid Activation, string ProgressJson, string? Error);

/// <summary>
/// One shard (a range of items) of a run, executed on whichever worker the grain lives on. It keeps
/// nothing but what it is doing now: the store is its state, so when its silo dies the coordinator
/// starts it again, it activates on another silo and resumes from the store and the cache.
/// </summary>
public interface IRunShardGrain : IGrainWithStringKey
{
    /// <summary>Starts the shard described by <paramref name="specJson"/> (a <see cref="ShardSpec"/>) unless it is running or done here.</summary>
    Task<ShardStatus> StartAsync(string specJson);

    /// <summary>The shard's state and progress.</summary>
    Task<ShardStatus> GetStatusAsync();

    /// <summary>Stops the shard (calls in flight finish and are stored).</summary>
    Task CancelAsync();
}
