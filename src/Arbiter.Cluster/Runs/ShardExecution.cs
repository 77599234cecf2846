using System.Diagnostics;
using Arbiter.Cluster.Budget;
using Arbiter.Engine.Runner;
using Microsoft.Extensions.Logging;

namespace Arbiter.Cluster.Runs;

/// <summary>One shard's run on a worker, outside the grain's scheduler (the runner is ordinary async code with its own threads).</summary>
internal static class ShardExecution
{
    // While another holder's lease is live (a silo that is stopping still storing its calls in flight).
    private static readonly TimeSpan LeaseRetry = TimeSpan.FromMilliseconds(500);

    public static async Task RunAsync(ShardSpec spec, ShardWorkerServices services, IGrainFactory grains, RunMonitor monitor, ILogger log, CancellationToken stop)
    {
        var limiters = new Dictionary<string, ClusterConcurrencyLimiter>(StringComparer.Ordinal);
        // The worker's slots serve the shard that started first first (WorkerSlots says why).
        var rank = Stopwatch.GetTimestamp();
        var runner = new EvaluationRunner(services.Store, services.Clients, logging: services.Logging)
        {
            Limiters = model =>
            {
                ClusterConcurrencyLimiter? endpoint;
                // Rented once per model and shard (a racing second rent would never be given back).
                lock (limiters)
                {
                    if (!limiters.TryGetValue(model.Id, out endpoint)) limiters[model.Id] = endpoint = services.Endpoints.Rent(grains, model, services.BudgetLeaseTtl, log);
                }

                return services.WorkerSlots is { } slots ? new WorkerSlotLimiter(slots, endpoint, rank) : endpoint;
            },
            // A call ready behind each slot: with one runner worker per slot, a slot sat idle while its worker stored its
            // sample and took its next item (one worker at a binding cap of 8 kept ~6.6 calls in flight on average).
            Workers = model => 2 * model.MaxConcurrency,
        };
        try
        {
            while (true)
            {
                try
                {
                    await runner.RunAsync([spec.Job], spec.Options, monitor, stop).ConfigureAwait(false);
                    return;
                }
                catch (RunLeaseHeldException)
                {
                    // The shard's previous worker is still storing its calls in flight (or its lease has
                    // yet to expire): resuming now would call those items again.
                    await Task.Delay(LeaseRetry, stop).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            foreach (var limiter in limiters.Values) await services.Endpoints.ReturnAsync(limiter).ConfigureAwait(false);
        }
    }
}
