using System.Net;
using System.Net.Sockets;
using Arbiter.Cluster.Budget;
using Arbiter.Cluster.Hosting;
using Arbiter.Engine.Config;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Arbiter.Cluster.Tests.Hosting;

/// <summary>A worker silo and a client meet through the membership table in PostgreSQL (needs ARBITER_TEST_PG; skipped without it).</summary>
public sealed class ClusterWorkerTests : IAsyncLifetime
{
    private readonly string? _server = Environment.GetEnvironmentVariable("ARBITER_TEST_PG");
    private readonly string _database = $"arbiter_cluster_{Guid.NewGuid():N}";
    private string? _connectionString;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_registers_in_the_database_and_a_client_finds_it_there()
    {
        var db = _connectionString ?? Skip();
        await ClusterSchema.EnsureAsync(db, Ct); // a second install is a no-op, as every worker runs it

        // One silo: a second one joining takes ~5 s more on 2 cores, over this suite's 10 s per test.
        using var worker = await ClusterWorker.BuildAsync(new WorkerOptions(db, FreePort(), FreePort()), Ct);
        await worker.StartAsync(Ct);
        using var client = ClusterWorker.BuildClient(new WorkerOptions(db));
        await client.StartAsync(Ct);
        try
        {
            var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<IEndpointBudgetGrain>("pg");
            var request = new LeaseRequest("client", new BudgetSettings(1, 1, TimeSpan.FromSeconds(10)), BudgetTiming.Grace(TimeSpan.FromSeconds(10)) * 2); // a new budget grants after its grace
            var lease = await grain.AcquireAsync(request);
            Assert.NotNull(lease);
            Assert.Null(await grain.AcquireAsync(request)); // cap 1

            await using var connection = new NpgsqlConnection(db);
            await connection.OpenAsync(Ct);
            await using var active = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE status = 3", connection);
            Assert.Equal(1L, await active.ExecuteScalarAsync(Ct));
        }
        finally
        {
            // A short shutdown: graceful silo shutdown would spend seconds handing off nothing.
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.StopAsync(quick.Token);
            await worker.StopAsync(quick.Token);
        }
    }

    [Fact]
    public async Task A_bad_database_url_names_the_flag_and_never_echoes_the_password()
    {
        var ex = await Assert.ThrowsAsync<InputException>(() =>
            ClusterWorker.BuildAsync(new WorkerOptions("Host=db;Password=s3cret-pw;NoSuchKeyword=1"), Ct));
        Assert.Contains("--database-url", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_postgres_url_is_accepted_as_the_store_accepts_it()
    {
        using var client = ClusterWorker.BuildClient(new WorkerOptions("postgres://arbiter:pw@127.0.0.1:5432/arbiter"));
        Assert.NotNull(client.Services.GetRequiredService<IClusterClient>());
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
