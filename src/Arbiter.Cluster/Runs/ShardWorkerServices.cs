using Arbiter.Core.Storage;
using Arbiter.Engine.Providers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbiter.Cluster.Runs;

/// <summary>What a worker silo gives its shard grains: the shared store, the chat clients, logging, and the silo's stopping signal.</summary>
public sealed class ShardWorkerServices(IRunStore store, IChatClientFactory clients, ILoggerFactory logging, IHostApplicationLifetime lifetime)
{
    /// <summary>The store every worker and the coordinator share.</summary>
    public IRunStore Store { get; } = store;

    /// <summary>Builds chat clients (keys come from this worker's environment).</summary>
    public IChatClientFactory Clients { get; } = clients;

    /// <summary>Logging for the runner.</summary>
    public ILoggerFactory Logging { get; } = logging;

    /// <summary>Fires when the silo stops: shards stop taking items, finish and store their calls in flight, and give up their leases.</summary>
    public CancellationToken Stopping => lifetime.ApplicationStopping;

    /// <summary>Lease lifetime of the endpoint budgets (how long a dead worker's slots stay taken).</summary>
    public TimeSpan BudgetLeaseTtl { get; init; } = Budget.ClusterConcurrencyLimiter.DefaultLeaseTtl;

    /// <summary>This worker's own capacity: calls in flight at once over all its shards and endpoints (null: only the endpoints' budgets limit it).</summary>
    public Budget.WorkerSlots? WorkerSlots { get; init; }

    /// <summary>The endpoints' lease holders of this worker, shared by its shards.</summary>
    public Budget.WorkerEndpointLimiters Endpoints { get; } = new();
}
