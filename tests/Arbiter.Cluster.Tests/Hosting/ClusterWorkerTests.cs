using System.Net;
using System.Net.Sockets;
using Arbiter.Cluster.Budget;
using Arbiter.Cluster.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Arbiter.Cluster.Tests.Hosting;

/// <summary>Two worker silos and a client meet through the membership table in PostgreSQL (needs ARBITER_TEST_PG; skipped without it).</summary>
public sealed class ClusterWorkerTests : IAsyncLifetime
{
    private readonly string? _server = Environment.GetEnvironmentVariable("ARBITER_TEST_PG");
    private readonly string _database = $"arbiter_cluster_{Guid.NewGuid():N}";
    private string? _connectionString;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_workers_on_one_database_form_a_cluster_that_a_client_reaches()
    {
        var db = _connectionString ?? Skip();
        await ClusterSchema.EnsureAsync(db, Ct); // a second install is a no-op, as every worker runs it

        var workers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            ClusterWorker.BuildAsync(new WorkerOptions(db, FreePort(), FreePort()), Ct)));
        await Task.WhenAll(workers.Select(w => w.StartAsync(Ct)));
        using var client = ClusterWorker.BuildClient(new WorkerOptions(db));
        await client.StartAsync(Ct);
        try
        {
            var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<IEndpointBudgetGrain>("pg");
            var request = new LeaseRequest("client", new BudgetSettings(1, 1, TimeSpan.FromSeconds(10)), TimeSpan.FromMilliseconds(200));
            var lease = await grain.AcquireAsync(request);
            Assert.NotNull(lease);
            Assert.Null(await grain.AcquireAsync(request)); // cap 1

            await using var connection = new NpgsqlConnection(db);
            await connection.OpenAsync(Ct);
            await using var active = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE status = 3", connection);
            Assert.Equal(2L, await active.ExecuteScalarAsync(Ct));
        }
        finally
        {
            await client.StopAsync(CancellationToken.None);
            await Task.WhenAll(workers.Select(w => w.StopAsync(CancellationToken.None)));
            foreach (var w in workers) w.Dispose();
        }
    }

    [Fact]
    public async Task A_database_url_that_is_not_a_connection_string_names_the_flag()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => ClusterWorker.BuildAsync(new WorkerOptions("no=such;keyword=here"), Ct));
        Assert.Contains("--database-url", ex.Message, StringComparison.Ordinal);
    }

    public async ValueTask InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(_server)) return;
        await ExecuteOnServerAsync($"CREATE DATABASE {_database}");
        _connectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connectionString is null) return;
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    private static string Skip()
    {
        Assert.Skip("PostgreSQL tests need ARBITER_TEST_PG (see scripts/pg-test-server.sh).");
        return "";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
