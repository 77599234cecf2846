using System.Diagnostics;
using Arbiter.Core.Storage;
using Arbiter.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Arbiter.Storage.Tests;

/// <summary>A store opened for a command that only reads (<c>runs</c>, <c>report</c>, <c>compare</c>).</summary>
public sealed class SqliteReadOnlyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("arbiter-ro-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DatabasePath => Path.Combine(_directory, "arbiter.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_missing_file_is_an_error_naming_it_and_is_never_created()
    {
        await using var store = new SqliteRunStore(DatabasePath, readOnly: true);

        var error = await Assert.ThrowsAsync<StoreException>(() => store.MigrateAsync(Ct));

        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("--db", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task Reads_do_not_wait_for_a_writer_holding_the_lock()
    {
        await using (var writer = new SqliteRunStore(DatabasePath))
        {
            await writer.MigrateAsync(Ct);
            await writer.UpsertRunAsync(TestData.Run(), Ct);
        }

        await using var holder = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await holder.OpenAsync(Ct);
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync(Ct);
        }

        var clock = Stopwatch.StartNew();
        await using var store = new SqliteRunStore(DatabasePath, readOnly: true);
        await store.MigrateAsync(Ct);
        var runs = new List<string>();
        await foreach (var run in store.ListRunsAsync(Ct)) runs.Add(run.RunId);

        Assert.Equal(["run-1"], runs);
        // A read-write open migrates in a write transaction and would wait the busy timeout (10 s), then fail.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Writes_are_refused()
    {
        await using (var writer = new SqliteRunStore(DatabasePath))
        {
            await writer.MigrateAsync(Ct);
        }

        await using var store = new SqliteRunStore(DatabasePath, readOnly: true);
        await store.MigrateAsync(Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpsertRunAsync(TestData.Run(), Ct));
    }

    [Fact]
    public async Task An_older_schema_is_upgraded_once_so_it_can_be_read()
    {
        await using (var writer = new SqliteRunStore(DatabasePath))
        {
            await writer.MigrateAsync(Ct);
            await writer.UpsertRunAsync(TestData.Run(), Ct);
        }

        await using (var old = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await old.OpenAsync(Ct);
            await using var command = old.CreateCommand();
            command.CommandText = "ALTER TABLE runs DROP COLUMN run_kind; DELETE FROM schema_migrations WHERE version = 5;";
            await command.ExecuteNonQueryAsync(Ct);
        }

        await using var store = new SqliteRunStore(DatabasePath, readOnly: true);
        await store.MigrateAsync(Ct);

        Assert.NotNull(await store.GetRunAsync("run-1", Ct));
    }
}
