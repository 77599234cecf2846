using Arbiter.Core.Storage;
using Arbiter.Storage.Postgres;

namespace Arbiter.Storage.Tests;

/// <summary>
/// The contract on PostgreSQL: one database per class (see <see cref="PostgresTestDatabase"/>),
/// one schema per test so tests stay independent without paying for CREATE DATABASE each time.
/// </summary>
public sealed class PostgresRunStoreTests(PostgresTestDatabase database) : RunStoreContract, IClassFixture<PostgresTestDatabase>
{
    private readonly string _schema = $"t_{Guid.NewGuid():N}";
    private string? _connectionString;

    protected override async Task<IRunStore> OpenStoreAsync()
    {
        _connectionString ??= await database.CreateSchemaAsync(database.RequireConnectionString(), _schema);
        return new PostgresRunStore(_connectionString);
    }

    protected override string DropAuditGuardSql => "ALTER TABLE audit_log DISABLE TRIGGER USER";

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task ToString_and_errors_name_host_and_database_but_never_the_password()
    {
        // Needs no server: nothing listens on port 1, so the connection is refused.
        await using var store = new PostgresRunStore("Host=127.0.0.1;Port=1;Database=arbiter_db;Username=u;Password=s3cret-pw;Timeout=3");

        var error = await Assert.ThrowsAsync<StoreException>(() => store.MigrateAsync(Ct));

        Assert.Equal("PostgreSQL 'arbiter_db' on 127.0.0.1:1", store.ToString());
        Assert.Contains("'arbiter_db' on 127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", error.ToString(), StringComparison.Ordinal);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Migrations_applied_concurrently_by_two_stores_run_once()
    {
        await using var a = await OpenStoreAsync();
        await using var b = await OpenStoreAsync();

        await Task.WhenAll(a.MigrateAsync(Ct), b.MigrateAsync(Ct));

        await a.UpsertRunAsync(TestData.Run(), Ct);
        Assert.NotNull(await b.GetRunAsync("run-1", Ct));
    }

    [Fact]
    public async Task A_nul_character_in_model_text_is_stored_as_a_replacement_character()
    {
        await using var store = await OpenMigratedAsync();
        var sample = TestData.Sample("run-1", "q", response: TestData.Ok("before\0after") with { Error = "e\0" });
        await store.WriteSamplesAsync([(sample, "k")], Ct);

        var read = Assert.Single(await ToListAsync(store.ReadSamplesAsync("run-1", Ct)));
        Assert.Equal("before\uFFFDafter", read.Response.Text);
        Assert.Equal("e\uFFFD", read.Response.Error);
        Assert.Equal("before\uFFFDafter", (await store.GetCachedAsync(["k"], Ct))["k"].Text);
    }
}
