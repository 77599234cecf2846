using Arbiter.Core.Runs;
using Arbiter.Core.Storage;

namespace Arbiter.Storage.Tests;

/// <summary>
/// Behaviour every <see cref="IRunStore"/> must have. Concrete subclasses supply the database;
/// each test instance gets its own, and <see cref="OpenStoreAsync"/> opens it again as often as asked.
/// </summary>
public abstract partial class RunStoreContract
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new store instance over this test's database (not migrated).</summary>
    protected abstract Task<IRunStore> OpenStoreAsync();

    protected async Task<IRunStore> OpenMigratedAsync()
    {
        var store = await OpenStoreAsync();
        await store.MigrateAsync(Ct);
        return store;
    }

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(Ct))
        {
            list.Add(item);
        }

        return list;
    }

    [Fact]
    public async Task Migrate_twice_is_a_no_op_and_keeps_data()
    {
        await using (var store = await OpenMigratedAsync())
        {
            await store.UpsertRunAsync(TestData.Run(), Ct);
            await store.MigrateAsync(Ct);
            await store.MigrateAsync(Ct);
        }

        await using var reopened = await OpenMigratedAsync();
        Assert.Equal(TestData.Run(), await reopened.GetRunAsync("run-1", Ct));
    }

    [Fact]
    public async Task Upsert_inserts_a_new_run_and_returns_it_unchanged()
    {
        await using var store = await OpenMigratedAsync();
        var run = TestData.Run() with { FinishedAtMs = 1_700_000_009_999, Status = RunStatus.Completed };

        Assert.Equal(run, await store.UpsertRunAsync(run, Ct));
        Assert.Equal(run, await store.GetRunAsync(run.RunId, Ct));
    }

    [Fact]
    public async Task Upsert_of_an_existing_run_returns_the_stored_one()
    {
        await using var store = await OpenMigratedAsync();
        var original = await store.UpsertRunAsync(TestData.Run(), Ct);

        var second = await store.UpsertRunAsync(TestData.Run() with { SuiteId = "other", CreatedAtMs = 5 }, Ct);

        Assert.Equal(original, second);
        Assert.Single(await ToListAsync(store.ListRunsAsync(Ct)));
    }

    [Fact]
    public async Task GetRun_of_an_unknown_id_is_null()
    {
        await using var store = await OpenMigratedAsync();
        Assert.Null(await store.GetRunAsync("nope", Ct));
        Assert.Null(await store.SummarizeAsync("nope", Ct));
    }

    [Fact]
    public async Task ListRuns_is_newest_first()
    {
        await using var store = await OpenMigratedAsync();
        await store.UpsertRunAsync(TestData.Run("a", 1_000), Ct);
        await store.UpsertRunAsync(TestData.Run("c", 3_000), Ct);
        await store.UpsertRunAsync(TestData.Run("b", 2_000), Ct);

        var runs = await ToListAsync(store.ListRunsAsync(Ct));

        Assert.Equal(["c", "b", "a"], runs.Select(r => r.RunId));
    }

    [Fact]
    public async Task CompleteRun_sets_status_and_finish_time()
    {
        await using var store = await OpenMigratedAsync();
        await store.UpsertRunAsync(TestData.Run(), Ct);

        await store.CompleteRunAsync("run-1", 1_700_000_100_000, Ct);

        var run = await store.GetRunAsync("run-1", Ct);
        Assert.Equal(TestData.Run() with { Status = RunStatus.Completed, FinishedAtMs = 1_700_000_100_000 }, run);
    }

    [Fact]
    public async Task Deleting_error_samples_removes_only_errors_and_reopens_the_run()
    {
        await using var store = await OpenMigratedAsync();
        await store.UpsertRunAsync(TestData.Run(), Ct);
        await store.WriteSamplesAsync(
        [
            (TestData.Sample("run-1", "ok-1"), "k1"),
            (TestData.Sample("run-1", "err-1", response: TestData.Failed()), null),
            (TestData.Sample("run-1", "filtered", response: TestData.Failed(SampleStatus.ContentFilter, ErrorKind.ContentFilter)), null),
            (TestData.Sample("run-2", "err-other", response: TestData.Failed()), null),
        ], Ct);
        await store.CompleteRunAsync("run-1", 1_700_000_100_000, Ct);

        Assert.Equal(1, await store.DeleteErrorSamplesAsync("run-1", Ct));

        var keys = await store.GetSampleKeysAsync("run-1", Ct);
        Assert.Equal(["filtered", "ok-1"], keys.Select(k => k.ItemId).Order(StringComparer.Ordinal));
        Assert.Single(await store.GetSampleKeysAsync("run-2", Ct));
        var run = await store.GetRunAsync("run-1", Ct);
        Assert.Equal((RunStatus.Running, (long?)null), (run!.Status, run.FinishedAtMs));
        Assert.Equal(0, await store.DeleteErrorSamplesAsync("run-1", Ct));
    }

    [Fact]
    public async Task Deleting_samples_by_key_removes_only_those_and_reopens_the_run()
    {
        await using var store = await OpenMigratedAsync();
        await store.UpsertRunAsync(TestData.Run(), Ct);
        await store.WriteSamplesAsync(
        [
            (TestData.Sample("run-1", "a"), "ka"),
            (TestData.Sample("run-1", "b"), "kb"),
            (TestData.Sample("run-1", "c"), "kc"),
            (TestData.Sample("run-2", "a"), null),
        ], Ct);
        await store.CompleteRunAsync("run-1", 1_700_000_100_000, Ct);

        // "b" at epoch 1 does not exist: only the keys that match are deleted.
        Assert.Equal(2, await store.DeleteSamplesAsync("run-1", [("a", 0), ("c", 0), ("b", 1)], Ct));

        Assert.Equal(["b"], (await store.GetSampleKeysAsync("run-1", Ct)).Select(k => k.ItemId));
        Assert.Single(await store.GetSampleKeysAsync("run-2", Ct));
        var run = await store.GetRunAsync("run-1", Ct);
        Assert.Equal((RunStatus.Running, (long?)null), (run!.Status, run.FinishedAtMs));
        Assert.Equal(0, await store.DeleteSamplesAsync("run-1", [("a", 0)], Ct));
        Assert.Equal(0, await store.DeleteSamplesAsync("run-1", [], Ct));
    }

    [Fact]
    public async Task CompleteRun_of_an_unknown_run_throws()
    {
        await using var store = await OpenMigratedAsync();
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.CompleteRunAsync("nope", 1, Ct));
    }

    [Fact]
    public async Task A_reopened_store_sees_runs_samples_and_cache()
    {
        var batch = TestData.Batch("run-1", 50);
        await using (var first = await OpenMigratedAsync())
        {
            await first.UpsertRunAsync(TestData.Run(), Ct);
            await first.WriteSamplesAsync(batch, Ct);
            await first.CompleteRunAsync("run-1", 99, Ct);
        }

        await using var second = await OpenMigratedAsync();
        Assert.Equal(RunStatus.Completed, (await second.GetRunAsync("run-1", Ct))!.Status);
        Assert.Equal(batch.Select(b => b.Sample), await ToListAsync(second.ReadSamplesAsync("run-1", Ct)));
        Assert.Equal(50, (await second.GetCachedAsync([.. batch.Select(b => b.CacheKey!)], Ct)).Count);
    }

    [Fact]
    public async Task Operations_honour_a_cancelled_token()
    {
        await using var store = await OpenMigratedAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => store.WriteSamplesAsync(TestData.Batch("run-1", 1), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetRunAsync("run-1", cancelled.Token));
    }
}
