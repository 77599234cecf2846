using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Arbiter.Core.Storage;
using Arbiter.Engine.Config;
using Arbiter.Storage;
using Arbiter.Storage.Postgres;
using Orleans.Configuration;

namespace Arbiter.Cluster.Hosting;

/// <summary>Where a worker silo listens and which cluster it joins.</summary>
/// <param name="ConnectionString">The PostgreSQL database (<c>Host=…</c> or <c>postgres://…</c>, as for the store) that holds the membership table.</param>
/// <param name="SiloPort">Silo-to-silo port.</param>
/// <param name="GatewayPort">Port clients (e.g. <c>arbiter run --cluster</c>) connect to.</param>
/// <param name="ClusterId">Silos and clients with the same id on the same database form one cluster.</param>
public sealed record WorkerOptions(string ConnectionString, int SiloPort = 11111, int GatewayPort = 30000, string ClusterId = "arbiter")
{
    /// <summary>How long a dead worker's endpoint slots stay taken (null: <see cref="Budget.ClusterConcurrencyLimiter.DefaultLeaseTtl"/>).</summary>
    public TimeSpan? BudgetLeaseTtl { get; init; }

    /// <summary>This worker's own capacity: model calls in flight at once over all its shards (null: only the endpoints' caps limit it).</summary>
    public int? MaxInFlight { get; init; }
}

/// <summary>Builds the host of one worker silo: ADO.NET clustering on PostgreSQL, Arbiter's grains, run shards writing to the store in the same database.</summary>
public static class ClusterWorker
{
    /// <summary>Installs the clustering schema if needed and returns a built, not yet started, silo host.</summary>
    public static async Task<IHost> BuildAsync(WorkerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = Validate(options.ConnectionString);
        await ClusterSchema.EnsureAsync(connectionString, cancellationToken).ConfigureAwait(false);
        // Shards write where the coordinator reads: the same database holds the store and the membership.
        var store = RunStoreFactory.Open(connectionString);
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddShardWorker(_ => store, options.BudgetLeaseTtl, options.MaxInFlight);
        builder.UseOrleans(silo => silo
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString))
            .Configure<ClusterOptions>(o => Identify(o, options))
            .ConfigureEndpoints(options.SiloPort, options.GatewayPort));
        return builder.Build();
    }

    // Silos and clients must agree on both ids and on the ADO.NET provider, or a client never finds the cluster.
    private const string Invariant = "Npgsql";

    private static void Identify(ClusterOptions o, WorkerOptions options)
    {
        o.ClusterId = options.ClusterId;
        o.ServiceId = "arbiter";
    }

    /// <summary>
    /// A client of the cluster on <paramref name="options"/>' database (for <c>run --cluster</c> and tests), logging to
    /// stderr from <paramref name="minimumLevel"/> up. The default is errors only: while a worker dies and comes back,
    /// Orleans warns about every reset connection and late response, which the coordinator already handles (and logs).
    /// </summary>
    public static IHost BuildClient(WorkerOptions options, LogLevel minimumLevel = LogLevel.Error)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = Validate(options.ConnectionString);
        var builder = Host.CreateApplicationBuilder();
        // A client is a command's helper: only problems, and on stderr, so stdout stays the command's table or JSON.
        builder.Logging.ClearProviders().SetMinimumLevel(minimumLevel)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.UseOrleansClient(client => client
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString))
            .Configure<ClusterOptions>(o => Identify(o, options)));
        return builder.Build();
    }

    // The store's parser: Host=… or postgres://…, and its errors never echo the input (it may hold a password).
    private static string Validate(string connectionString)
    {
        try
        {
            return PostgresConnectionString.Parse(connectionString).ConnectionString;
        }
        catch (StoreException ex)
        {
            throw new InputException("--database-url", ex.Message);
        }
    }
}
