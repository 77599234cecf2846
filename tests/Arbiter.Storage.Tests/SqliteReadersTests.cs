using System.Diagnostics;
using Arbiter.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Arbiter.Storage.Tests;

/// <summary>Read-only use of a SQLite store while another process holds the write lock.</summary>
public sealed class SqliteReadersTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("arbiter-readers-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Opening_and_reading_a_current_store_does_not_wait_for_a_writers_lock()
    {
        var path = Path.Combine(_directory, "arbiter.db");
        await using (var setup = new SqliteRunStore(path))
        {
            await setup.MigrateAsync(Ct);
            await setup.UpsertRunAsync(TestData.Run(), Ct);
        }

        // Another process in the middle of a long write transaction (WAL mode is persistent in the file).
        await using var writer = new SqliteConnection($"Data Source={path};Pooling=False");
        await writer.OpenAsync(Ct);
        await using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE; INSERT INTO run_leases VALUES ('x', 'other', 0, 0);";
            await begin.ExecuteNonQueryAsync(Ct);
        }

        var clock = Stopwatch.StartNew();
        await using var reader = new SqliteRunStore(path);
        await reader.MigrateAsync(Ct);
        var runs = new List<string>();
        await foreach (var run in reader.ListRunsAsync(Ct)) runs.Add(run.RunId);

        Assert.Equal(["run-1"], runs);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }
}
