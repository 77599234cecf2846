using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Arbiter.ClusterBench;

/// <summary>
/// A throwaway cluster: a fresh database on the PostgreSQL server, <c>arbiter worker</c> child processes (the Release
/// CLI) on free ports, and <c>arbiter run --cluster</c> against it. Disposing kills the workers and drops the database.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly string _server;
    private readonly string _name;
    private readonly List<Process> _workers = [];

    private LocalCluster(string server, string name, string dir)
    {
        _server = server;
        _name = name;
        Dir = dir;
        DatabaseUrl = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string DatabaseUrl { get; }

    public string Dir { get; }

    public static async Task<LocalCluster> StartAsync(string server, string dir, int workers, int maxInFlightPerWorker)
    {
        var name = $"arbiter_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0");
        var cluster = new LocalCluster(server, name, dir);
        for (var i = 0; i < workers; i++)
        {
            cluster._workers.Add(StartCli(dir, redirect: true, "worker", "--database-url", cluster.DatabaseUrl, "--silo-port", FreePort().ToString(Inv),
                "--gateway-port", FreePort().ToString(Inv), "--max-in-flight", maxInFlightPerWorker.ToString(Inv)));
        }

        // One at a time: each prints this line once its silo has joined.
        foreach (var w in cluster._workers)
        {
            while (await w.StandardOutput.ReadLineAsync() is { } line && !line.Contains("Worker joined cluster", StringComparison.Ordinal))
            {
            }

            if (w.HasExited) throw new InvalidOperationException($"a worker exited {w.ExitCode}: {await w.StandardError.ReadToEndAsync()}");
            // Keep draining its output so a chatty worker never blocks on a full pipe.
            _ = w.StandardOutput.ReadToEndAsync();
            _ = w.StandardError.ReadToEndAsync();
        }

        return cluster;
    }

    /// <summary>Runs <c>arbiter run --cluster</c> in <see cref="Dir"/>; returns its wall seconds.</summary>
    public async Task<double> RunAsync(int shardSize)
    {
        var clock = Stopwatch.StartNew();
        using var run = StartCli(Dir, redirect: true, "run", "--cluster", "--database-url", DatabaseUrl, "--quiet", "--shard-size", shardSize.ToString(Inv));
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        if (run.ExitCode != 0) throw new InvalidOperationException($"arbiter run --cluster exited {run.ExitCode}: {await stderr}{await stdout}");
        return clock.Elapsed.TotalSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var w in _workers)
        {
            if (!w.HasExited) w.Kill(entireProcessTree: true);
            await w.WaitForExitAsync();
            w.Dispose();
        }

        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static Process StartCli(string dir, bool redirect, params string[] args)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Arbiter.slnx"))) root = Path.GetDirectoryName(root.TrimEnd('/'))!;
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = redirect, RedirectStandardError = redirect };
        psi.ArgumentList.Add(Path.Combine(root, "src/Arbiter.Cli/bin/Release/net10.0/arbiter.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ARBITER_DATABASE_URL"] = "";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(psi)!;
    }

    /// <summary>First port of <c>--base-port N</c> (null: any free port); taken in order by <see cref="FreePort"/> and never reused in one bench run.</summary>
    public static int? BasePort { get; set; }

    /// <summary>The next port from <see cref="BasePort"/>, else one the system says is free.</summary>
    public static int FreePort()
    {
        if (BasePort is { } next)
        {
            BasePort = next + 1;
            return next;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
