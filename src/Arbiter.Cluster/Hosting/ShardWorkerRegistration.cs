using Arbiter.Cluster.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbiter.Cluster.Hosting;

/// <summary>Registers what run shards need on a silo.</summary>
public static class ShardWorkerRegistration
{
    /// <summary>
    /// Lets this silo run shards against <paramref name="store"/> (called once; the container owns and disposes the store).
    /// <paramref name="budgetLeaseTtl"/>: how long a dead worker's endpoint slots stay taken (null: the default).
    /// <paramref name="maxInFlight"/>: this worker's own capacity, calls in flight over all its shards (null: unlimited).
    /// </summary>
    public static IServiceCollection AddShardWorker(this IServiceCollection services, Func<IServiceProvider, IRunStore> store, TimeSpan? budgetLeaseTtl = null,
        int? maxInFlight = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (maxInFlight is { } max) ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(maxInFlight));
        services.AddSingleton(store);
        services.AddSingleton<ChatClientFactory>();
        services.AddSingleton(sp => new ShardWorkerServices(sp.GetRequiredService<IRunStore>(), sp.GetRequiredService<ChatClientFactory>(),
            sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<IHostApplicationLifetime>())
        {
            BudgetLeaseTtl = budgetLeaseTtl ?? Budget.ClusterConcurrencyLimiter.DefaultLeaseTtl,
            WorkerSlots = maxInFlight is { } n ? new Budget.WorkerSlots(n) : null,
        });
        return services;
    }
}
