using Npgsql;

namespace Arbiter.Cli.Tests.Cluster;

/// <summary>
/// A fresh PostgreSQL database on the server named by <c>ARBITER_TEST_PG</c> (test.sh starts one), dropped afterwards.
/// Without the variable the test skips, or fails when <c>ARBITER_REQUIRE_PG=1</c> (CI must not skip it silently).
/// </summary>
internal sealed class ClusterDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private ClusterDatabase(string server, string name, string connectionString)
    {
        _server = server;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ClusterDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("ARBITER_TEST_PG");
        if (string.IsNullOrWhiteSpace(server))
        {
            if (Environment.GetEnvironmentVariable("ARBITER_REQUIRE_PG") == "1") Assert.Fail("ARBITER_REQUIRE_PG=1 but ARBITER_TEST_PG is not set (see scripts/pg-test-server.sh).");
            Assert.Skip("The cluster soak test needs PostgreSQL: set ARBITER_TEST_PG (see scripts/pg-test-server.sh).");
        }

        var name = $"arbiter_soak_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0");
        return new ClusterDatabase(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
