using System.CommandLine;
using Arbiter.Cluster.Hosting;
using Arbiter.Cluster.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Config;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Runner;
using Arbiter.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter run --cluster</c>: the run's shards go to the workers (<c>arbiter worker</c>) on the same
/// PostgreSQL database; this process only plans, watches and summarises. Orleans is loaded only here.
/// </summary>
internal static class ClusterRun
{
    public static Option<bool> ClusterOption() => new("--cluster")
    {
        Description = "Run on the cluster: shards go to the 'arbiter worker' processes on the --database-url database (the workers need the models' API keys)",
    };

    public static Option<string?> DatabaseUrlOption() => new("--database-url")
    {
        Description = "PostgreSQL database (Host=… or postgres://…) for the results, and with --cluster the cluster's meeting point (default: $ARBITER_DATABASE_URL)",
    };

    public static Option<int> ShardSizeOption()
    {
        var option = new Option<int>("--shard-size")
        {
            Description = "With --cluster: items per shard, the unit a worker takes (with all its epochs) and resumes after a worker dies",
            DefaultValueFactory = _ => new ClusterRunSettings().ShardSize,
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError($"--shard-size must be at least 1, not {r.GetValueOrDefault<int>()}");
        });
        return option;
    }

    /// <summary>The PostgreSQL URL: the flag, else the variable the config names; --cluster without one is a usage error.</summary>
    public static string? Url(string? flag, bool cluster, RunDefaults run)
    {
        var url = !string.IsNullOrWhiteSpace(flag) ? flag : Environment.GetEnvironmentVariable(run.DatabaseUrlEnv ?? "ARBITER_DATABASE_URL");
        if (cluster && string.IsNullOrWhiteSpace(url))
        {
            throw new InputException("--cluster", $"a cluster run needs the cluster's PostgreSQL database: give --database-url or set {run.DatabaseUrlEnv ?? "ARBITER_DATABASE_URL"}");
        }

        return string.IsNullOrWhiteSpace(url) ? null : url;
    }

    /// <summary>Opens the PostgreSQL store at <paramref name="url"/> and brings its schema up to date.</summary>
    public static async Task<IArbiterStore> OpenStoreAsync(string url, CancellationToken ct)
    {
        var store = RunStoreFactory.Open(url);
        try
        {
            await store.MigrateAsync(ct);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the jobs on the cluster with the same progress display and results as a local run.</summary>
    public static async Task<IReadOnlyList<RunResult>> ExecuteAsync(string url, IRunStore store, IReadOnlyList<RunJob> jobs, RunOptions options, int shardSize, bool quiet, CancellationToken ct)
    {
        // Orleans' own warnings (a reset connection, a late response while a worker dies) only with ARBITER_LOG_LEVEL.
        using var client = ClusterWorker.BuildClient(new WorkerOptions(url), CliCommon.LogLevel() ?? LogLevel.Error);
        await client.StartAsync(ct);
        try
        {
            using var logging = CliCommon.Logging();
            var runner = new ClusterRunner(client.Services.GetRequiredService<IClusterClient>(), store, new ClusterRunSettings(ShardSize: shardSize),
                logger: logging?.CreateLogger<ClusterRunner>());
            return await RunCommand.ExecuteAsync(store, (monitor, token) => runner.RunAsync(jobs, options, monitor, token), quiet, ct);
        }
        finally
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.StopAsync(quick.Token);
        }
    }
}
