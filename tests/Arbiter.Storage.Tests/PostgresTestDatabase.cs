using Npgsql;

namespace Arbiter.Storage.Tests;

/// <summary>
/// A fresh database per test class on the server named by <c>ARBITER_TEST_PG</c>, dropped
/// afterwards. Without the variable the tests skip, or fail when <c>ARBITER_REQUIRE_PG=1</c>.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncLifetime
{
    public const string ServerVariable = "ARBITER_TEST_PG";
    public const string RequireVariable = "ARBITER_REQUIRE_PG";

    private readonly string? _server = Environment.GetEnvironmentVariable(ServerVariable);
    private readonly string _name = $"arbiter_test_{Guid.NewGuid():N}";

    /// <summary>Connection string to this class's database; null when no server is configured.</summary>
    public string? ConnectionString { get; private set; }

    /// <summary>Skips or fails the current test when there is no server.</summary>
    public string RequireConnectionString()
    {
        if (ConnectionString is not null)
        {
            return ConnectionString;
        }

        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail($"{RequireVariable}=1 but {ServerVariable} is not set; start a server with " +
                $"scripts/pg-test-server.sh start DIR PORT and export {ServerVariable}=\"$(scripts/pg-test-server.sh env DIR PORT)\".");
        }

        Assert.Skip($"PostgreSQL tests need {ServerVariable} (see scripts/pg-test-server.sh).");
        return "";
    }

    public async ValueTask InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(_server))
        {
            return;
        }

        try
        {
            await ExecuteOnServerAsync($"CREATE DATABASE {_name} ENCODING 'UTF8' TEMPLATE template0");
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"{ServerVariable} is set but CREATE DATABASE failed: {ex.Message}", ex);
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (ConnectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }
    }

    /// <summary>Creates a schema and returns a connection string that works inside it.</summary>
    public async Task<string> CreateSchemaAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {schema}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
