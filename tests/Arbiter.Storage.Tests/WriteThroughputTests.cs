using System.Diagnostics;
using Arbiter.Core.Storage;
using Arbiter.Storage.Postgres;
using Arbiter.Storage.Sqlite;

namespace Arbiter.Storage.Tests;

/// <summary>Serial collection: a throughput figure means nothing while other tests share the cores.</summary>
[CollectionDefinition(nameof(WriteThroughputTests), DisableParallelization = true)]
public sealed class WriteThroughputGroup;

/// <summary>
/// Writes 20,000 samples (each with a cache key) in batches of 100, checks none is lost and prints
/// samples/s. The rate is not asserted: a timing test fails on a loaded CI machine; performance
/// targets live in bench/ (the harness benchmark measures end-to-end throughput with storage).
/// </summary>
[Collection(nameof(WriteThroughputTests))]
public sealed class WriteThroughputTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>, IDisposable
{
    private const int Total = 20_000, BatchSize = 100;
    private readonly string _directory = Directory.CreateTempSubdirectory("arbiter-throughput-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Sqlite_writes_20000_samples_in_batches_of_100()
    {
        await using var store = new SqliteRunStore(Path.Combine(_directory, "arbiter.db"));
        await MeasureAsync(store);
    }

    [Fact]
    public async Task Postgres_writes_20000_samples_in_batches_of_100()
    {
        var connectionString = await database.CreateSchemaAsync(database.RequireConnectionString(), "throughput");
        await using var store = new PostgresRunStore(connectionString);
        await MeasureAsync(store);
    }

    private static async Task MeasureAsync(IRunStore store)
    {
        var ct = TestContext.Current.CancellationToken;
        await store.MigrateAsync(ct);
        var batches = Enumerable.Range(0, Total / BatchSize).Select(b => TestData.Batch("run-1", BatchSize, start: b * BatchSize)).ToList();
        foreach (var warmUp in Enumerable.Range(0, 20))
        {
            await store.WriteSamplesAsync(TestData.Batch("warm-up", BatchSize, start: warmUp * BatchSize), ct);
        }

        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await store.WriteSamplesAsync(batch, ct);
        }

        clock.Stop();
        var rate = Total / clock.Elapsed.TotalSeconds;
        var line = $"{store.GetType().Name}: {rate:F0} samples/s ({Total} samples with cache keys, batches of {BatchSize})";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        Assert.Equal(Total, (await store.GetSampleKeysAsync("run-1", ct)).Count);
    }
}
