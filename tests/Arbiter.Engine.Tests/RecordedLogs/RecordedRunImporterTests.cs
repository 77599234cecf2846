using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.RecordedLogs;
using Arbiter.Engine.RecordedLogs.Inspect;
using Arbiter.Engine.Reports;
using Arbiter.Storage;
using Npgsql;
using static Arbiter.Engine.Tests.RecordedLogs.ZipFixtures;

namespace Arbiter.Engine.Tests.RecordedLogs;

public sealed class RecordedRunImporterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_imported_log_is_a_completed_benchmark_run_with_the_recorded_scores_in_sqlite()
    {
        await using var store = await SqliteAsync();
        await ImportsAndReportsAsync(store);
        SqliteClear();
    }

    [Fact]
    public async Task An_imported_log_is_a_completed_benchmark_run_with_the_recorded_scores_in_postgres()
    {
        var server = Environment.GetEnvironmentVariable("ARBITER_TEST_PG");
        if (string.IsNullOrWhiteSpace(server)) Assert.Skip("PostgreSQL tests need ARBITER_TEST_PG (see scripts/pg-test-server.sh).");
        var name = $"arbiter_import_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0");
        try
        {
            await using (var store = RunStoreFactory.Open(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString))
            {
                await store.MigrateAsync(Ct);
                await ImportsAndReportsAsync(store);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    [Fact]
    public async Task Importing_the_same_log_again_adds_nothing_and_names_can_line_it_up_with_an_arbiter_suite()
    {
        await using var store = await SqliteAsync();
        var log = await InspectLogReader.ReadAsync(Inspect("mmlu-summary-choices.eval"), Ct);

        var first = await RecordedRunImporter.ImportAsync(store, log, new ImportOptions(), cancellationToken: Ct);
        var again = await RecordedRunImporter.ImportAsync(store, log, new ImportOptions(), cancellationToken: Ct);
        var renamed = await RecordedRunImporter.ImportAsync(store, log, new ImportOptions(SuiteId: "mmlu", ModelId: "gpt-4o", Language: "en"), cancellationToken: Ct);

        Assert.False(first.AlreadyStored);
        Assert.True(again.AlreadyStored);
        Assert.Equal(first.Run.RunId, again.Run.RunId);
        Assert.NotEqual(first.Run.RunId, renamed.Run.RunId);
        Assert.Equal(("mmlu", "gpt-4o", "en"), (renamed.Run.SuiteId, renamed.Run.ModelId, renamed.Run.Language));
        Assert.Equal(2, await store.ListRunsAsync(Ct).CountAsync(Ct));
        SqliteClear();
    }

    [Fact]
    public async Task An_import_cut_short_after_the_run_row_is_completed_by_the_next_import()
    {
        await using var inner = await SqliteAsync();
        var log = await InspectLogReader.ReadAsync(Inspect("log_streaming.eval"), Ct);
        var failing = new FailingWrites(inner);

        await Assert.ThrowsAsync<StoreException>(() => RecordedRunImporter.ImportAsync(failing, log, new ImportOptions(), cancellationToken: Ct));
        var (run, _) = RecordedRunImporter.ToRun(log, new ImportOptions(), 0);
        Assert.Equal(RunStatus.Running, (await inner.GetRunAsync(run.RunId, Ct))!.Status);
        Assert.Equal(0, await inner.ReadSamplesAsync(run.RunId, Ct).CountAsync(Ct));

        var result = await RecordedRunImporter.ImportAsync(inner, log, new ImportOptions(), cancellationToken: Ct);
        Assert.False(result.AlreadyStored);
        Assert.Equal(RunStatus.Completed, result.Run.Status);
        Assert.Equal(4, await inner.ReadSamplesAsync(run.RunId, Ct).CountAsync(Ct));
        SqliteClear();
    }

    private static async Task ImportsAndReportsAsync(IArbiterStore store)
    {
        var log = await InspectLogReader.ReadAsync(Inspect("log_streaming.eval"), Ct);
        var result = await RecordedRunImporter.ImportAsync(store, log, new ImportOptions(), cancellationToken: Ct);

        var run = await store.GetRunAsync(result.Run.RunId, Ct);
        Assert.NotNull(run);
        Assert.Equal(("popularity", "azureai/Meta-Llama-3-1-405B-Instruct-jqf", RunStatus.Completed, RunKind.Benchmark, 2, 2),
            (run.SuiteId, run.ModelId, run.Status, run.Kind, run.ItemCount, run.Epochs));
        Assert.Contains("\"format\":\"inspect-eval\"", run.ConfigJson, StringComparison.Ordinal);
        var samples = await store.ReadSamplesAsync(run.RunId, Ct).ToListAsync(Ct);
        Assert.Equal(["1/0 0 No", "1/1 1 Yes.", "2/0 1 No.", "2/1 1 No"], samples.Select(s => $"{s.ItemId}/{s.Epoch} {s.Score!.Value} {s.Response.Text}"));
        Assert.StartsWith("recorded by match: I", samples[0].Score!.Explanation, StringComparison.Ordinal);

        // The same numbers Arbiter's reports show for its own runs: 3 of 4 samples, items 1 (0.5) and 2 (1.0).
        var report = await RunResults.ComputeAsync(store, run, Ct);
        Assert.Equal(0.75, report.Accuracy.Mean, 6);
        Assert.Equal(4, report.Samples);
        var all = await new RunFilter().LoadAsync(store, Ct);
        Assert.Contains(all, r => r.Run.RunId == run.RunId);
    }

    private static async Task<IArbiterStore> SqliteAsync()
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-import-").FullName;
        var store = RunStoreFactory.Open(null, Path.Combine(dir, "arbiter.db"));
        await store.MigrateAsync(Ct);
        return store;
    }

    private static void SqliteClear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private sealed class FailingWrites(IRunStore inner) : Support.DelegatingRunStore(inner)
    {
        public override Task WriteSamplesAsync(IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples, CancellationToken cancellationToken = default) =>
            throw new StoreException("disk full", isTransient: false);
    }
}
