using Arbiter.Core.Models;
using Arbiter.Core.Storage;
using Arbiter.Simulator;
using Arbiter.Storage.Postgres;
using Arbiter.Storage.Sqlite;
using Arbiter.Web.Hosting;
using Npgsql;

namespace Arbiter.Web.Tests.Support;

/// <summary>
/// Several <c>arbiter serve</c> nodes in one process, each with its own store connection (as separate processes have)
/// on one database: SQLite (one file) or PostgreSQL (a fresh database on <c>ARBITER_TEST_PG</c>; skipped without it).
/// All nodes share one token secret, as an operator configures nodes behind a load balancer.
/// </summary>
public sealed class WebNodes : IAsyncDisposable
{
    private readonly string _dir;
    private readonly string? _pgServer;
    private readonly string? _pgDatabase;
    private readonly string _storeAddress;
    private readonly Action<ArbiterWebOptions>? _configure;
    private readonly (ArbiterWebServer Web, IArbiterStore Store)[] _nodes;

    private WebNodes(string dir, string? pgServer, string? pgDatabase, string storeAddress, SimulatedModelServer sim, int count,
        Action<ArbiterWebOptions>? configure)
    {
        (_dir, _pgServer, _pgDatabase, _storeAddress, Sim, _configure) = (dir, pgServer, pgDatabase, storeAddress, sim, configure);
        _nodes = new (ArbiterWebServer, IArbiterStore)[count];
        SecretEnv = "ARBITER_TEST_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        AdminKeyEnv = "ARBITER_TEST_ADMIN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Models = [.. SimModelZoo.Default.Select(p => new ModelSpec(p.Name, "openai", sim.BaseUrl.ToString().TrimEnd('/'), p.Name, null, "local",
            "Simulated Labs", null, null, GenerationParameters.Default))];
    }

    public SimulatedModelServer Sim { get; }

    public string SecretEnv { get; }

    public string AdminKeyEnv { get; }

    public IReadOnlyList<ModelSpec> Models { get; }

    /// <summary>Node <paramref name="i"/>'s server.</summary>
    public ArbiterWebServer this[int i] => _nodes[i].Web;

    /// <summary>Node <paramref name="i"/>'s own store connection.</summary>
    public IArbiterStore Store(int i) => _nodes[i].Store;

    /// <summary>Starts <paramref name="count"/> nodes on a new <c>sqlite</c> or <c>postgres</c> store.</summary>
    /// <param name="latencyScale">The simulated models' latency (0: answers at once; 8: each answer takes seconds, so a Stop lands mid-stream).</param>
    public static async Task<WebNodes> StartAsync(string store, int count = 2, Action<ArbiterWebOptions>? configure = null, double latencyScale = 0)
    {
        string? server = null, database = null;
        var dir = Directory.CreateTempSubdirectory("arbiter-nodes-").FullName;
        string address;
        if (store == "postgres")
        {
            server = Environment.GetEnvironmentVariable("ARBITER_TEST_PG");
            if (string.IsNullOrWhiteSpace(server))
            {
                if (Environment.GetEnvironmentVariable("ARBITER_REQUIRE_PG") == "1") Assert.Fail("ARBITER_REQUIRE_PG=1 but ARBITER_TEST_PG is not set.");
                Assert.Skip("PostgreSQL tests need ARBITER_TEST_PG (see scripts/pg-test-server.sh).");
            }

            database = $"arbiter_nodes_{Guid.NewGuid():N}";
            await ExecuteAsync(server!, $"CREATE DATABASE {database} ENCODING 'UTF8' TEMPLATE template0");
            address = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        }
        else
        {
            address = Path.Combine(dir, "arbiter.db");
        }

        var sim = await SimulatedModelServer.StartAsync(new SimServerOptions { LatencyScale = latencyScale });
        var nodes = new WebNodes(dir, server, database, address, sim, count, configure);
        Environment.SetEnvironmentVariable(nodes.SecretEnv, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        for (var i = 0; i < count; i++) nodes._nodes[i] = await nodes.StartNodeAsync();
        return nodes;
    }

    /// <summary>Stops node <paramref name="i"/> and starts it again on a new store connection, as a restart of its process does.</summary>
    public async Task RestartAsync(int i)
    {
        await StopAsync(_nodes[i]);
        _nodes[i] = await StartNodeAsync();
    }

    /// <summary>A browser talking to node <paramref name="i"/>.</summary>
    public ArenaClient Client(int i) => new(_nodes[i].Web.Url);

    /// <summary>The same browser (cookies and the page's anti-forgery token) as <paramref name="browser"/>, its requests routed to node <paramref name="i"/>.</summary>
    public ArenaClient SameBrowser(ArenaClient browser, int i)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var client = Client(i);
        client.Cookies.Add(browser.Cookies.GetAllCookies());
        client.Csrf = browser.Csrf;
        return client;
    }

    /// <summary>Every value of a column of <c>vote_claims</c>, read straight from the database.</summary>
    public Task<List<string>> ClaimColumnAsync(string column) => ColumnAsync("vote_claims", column);

    /// <summary>Every value of a text column of <paramref name="table"/>, read straight from the database.</summary>
    public async Task<List<string>> ColumnAsync(string table, string column)
    {
        var sql = $"SELECT {column} FROM {table}";
        var values = new List<string>();
        if (_pgServer is not null)
        {
            await using var connection = new NpgsqlConnection(_storeAddress);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        }
        else
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_storeAddress}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>Runs <paramref name="sql"/> straight on the database (to age a row as time would); returns the rows changed.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        if (_pgServer is not null)
        {
            await using var connection = new NpgsqlConnection(_storeAddress);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteNonQueryAsync();
        }

        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_storeAddress}");
        await sqlite.OpenAsync();
        await using var statement = sqlite.CreateCommand();
        statement.CommandText = sql;
        return await statement.ExecuteNonQueryAsync();
    }

    private async Task<(ArbiterWebServer, IArbiterStore)> StartNodeAsync()
    {
        IArbiterStore store = _pgServer is null ? new SqliteRunStore(_storeAddress) : new PostgresRunStore(_storeAddress);
        await store.MigrateAsync();
        var web = await ArbiterWebServer.StartAsync(new WebSetup(store, Models) { Logging = _ => { } }, o =>
        {
            o.Port = 0;
            o.AdminKeyEnv = AdminKeyEnv;
            o.TokenSecretEnv = SecretEnv;
            o.RequireTokenSecret = true;
            o.BootstrapRounds = 50;
            o.Simulated = true;
            o.LeaderboardRefresh = TimeSpan.Zero;
            _configure?.Invoke(o);
        });
        return (web, store);
    }

    private static async Task StopAsync((ArbiterWebServer Web, IArbiterStore Store) node)
    {
        await node.Web.DisposeAsync();
        await node.Store.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Where(n => n.Web is not null)) await StopAsync(node);
        await Sim.DisposeAsync();
        Environment.SetEnvironmentVariable(SecretEnv, null);
        Environment.SetEnvironmentVariable(AdminKeyEnv, null);
        if (_pgServer is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_pgServer, $"DROP DATABASE IF EXISTS {_pgDatabase} WITH (FORCE)");
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the WAL for a moment; the temp directory is cleaned by the OS.
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
