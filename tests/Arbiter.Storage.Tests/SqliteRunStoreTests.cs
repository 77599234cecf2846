using Arbiter.Core.Storage;
using Arbiter.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Arbiter.Storage.Tests;

/// <summary>The contract on a temporary SQLite file per test, plus SQLite-only behaviour.</summary>
public sealed class SqliteRunStoreTests : RunStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("arbiter-store-").FullName;

    private string DatabasePath => Path.Combine(_directory, "arbiter.db");

    protected override Task<IRunStore> OpenStoreAsync() => Task.FromResult<IRunStore>(new SqliteRunStore(DatabasePath));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    protected override string DropAuditGuardSql => "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task Migration_0003_applies_when_0002_is_absent_and_a_later_0002_still_runs()
    {
        // A database made by a build that knew 0001 and 0003 only: 0002 (battles) arrives later.
        var migrations = Arbiter.Storage.Migrations.Migrator.Load("sqlite");
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, applied_at_ms BIGINT NOT NULL);" +
                migrations.Single(m => m.Version == 1).Sql + migrations.Single(m => m.Version == 3).Sql +
                "INSERT INTO schema_migrations VALUES (1, 0), (3, 0);";
            await command.ExecuteNonQueryAsync(Ct);
        }

        await using var store = await OpenMigratedAsync();
        await ((Arbiter.Core.Storage.IAuditLogStore)store).AppendAuditAsync([new(1, "m", "e", "m", "local", null, null, "ping", "public", "h", 1, 1, "ok", null)], Ct);
        await using var check = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await check.OpenAsync(Ct);
        await using var versions = check.CreateCommand();
        versions.CommandText = "SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY version)";
        Assert.Equal(string.Join(",", migrations.Select(m => m.Version)), await versions.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Migrate_puts_the_file_in_wal_mode_and_records_the_version()
    {
        await using (await OpenMigratedAsync())
        {
        }

        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync(Ct));
        command.CommandText = "SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY version)";
        // Every embedded migration is recorded once, in version order.
        Assert.Equal(string.Join(",", Arbiter.Storage.Migrations.Migrator.Load("sqlite").Select(m => m.Version)), await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task A_path_in_a_missing_directory_is_created()
    {
        var path = Path.Combine(_directory, "nested", "deeper", "runs.db");
        await using var store = new SqliteRunStore(path);
        await store.MigrateAsync(Ct);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_gives_a_message_naming_the_file()
    {
        await File.WriteAllTextAsync(DatabasePath, new string('x', 4096), Ct);
        await using var store = new SqliteRunStore(DatabasePath);

        var error = await Assert.ThrowsAsync<StoreException>(() => store.MigrateAsync(Ct));

        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Cannot open or migrate SQLite database", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_path_under_a_file_gives_a_message_naming_the_file()
    {
        var blocker = Path.Combine(_directory, "plain-file");
        await File.WriteAllTextAsync(blocker, "", Ct);
        var path = Path.Combine(blocker, "arbiter.db");
        await using var store = new SqliteRunStore(path);

        var error = await Assert.ThrowsAsync<StoreException>(() => store.MigrateAsync(Ct));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_newer_than_this_build_is_refused()
    {
        await using (var store = await OpenMigratedAsync())
        {
            var _ = await store.GetRunAsync("x", Ct);
        }

        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_migrations (version, applied_at_ms) VALUES (9999, 0)";
            await command.ExecuteNonQueryAsync(Ct);
        }

        await using var newer = new SqliteRunStore(DatabasePath);
        var error = await Assert.ThrowsAsync<StoreException>(() => newer.MigrateAsync(Ct));
        Assert.Contains("9999", error.Message, StringComparison.Ordinal);
        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Using_the_store_before_migrating_fails_with_a_store_exception()
    {
        await using var store = new SqliteRunStore(DatabasePath);
        var error = await Assert.ThrowsAsync<StoreException>(() => store.GetRunAsync("x", Ct));
        Assert.Contains("no such table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToString_names_the_file()
    {
        await using var store = new SqliteRunStore(DatabasePath);
        Assert.Equal("SQLite " + DatabasePath, store.ToString());
    }

    [Fact]
    public async Task Text_with_a_nul_character_round_trips()
    {
        await using var store = await OpenMigratedAsync();
        var sample = TestData.Sample("run-1", "q", response: TestData.Ok("before\0after"));
        await store.WriteSamplesAsync([(sample, "k")], Ct);

        Assert.Equal([sample], await ToListAsync(store.ReadSamplesAsync("run-1", Ct)));
        Assert.Equal("before\0after", (await store.GetCachedAsync(["k"], Ct))["k"].Text);
    }
}
