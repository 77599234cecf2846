using Arbiter.Core.Runs;

namespace Arbiter.Storage.Tests;

public abstract partial class RunStoreContract
{
    [Fact]
    public async Task Samples_round_trip_every_field_exactly()
    {
        await using var store = await OpenMigratedAsync();
        SampleRecord[] samples = [TestData.Rich("run-1"), TestData.Sparse("run-1"), TestData.Empty("run-1")];
        await store.WriteSamplesAsync([.. samples.Select(s => (s, (string?)null))], Ct);

        var read = await ToListAsync(store.ReadSamplesAsync("run-1", Ct));

        // Ordered by item id (code point order), then epoch.
        Assert.Equal(samples.OrderBy(s => s.ItemId, StringComparer.Ordinal), read);
        var rich = read.Single(s => s.ItemId == "задача-1");
        Assert.Equal(0.1 + 0.2, rich.Response.LatencyMs);
        Assert.Equal(0.000123456789012345678m, rich.Cost);
        Assert.Equal(TestData.Rich("run-1").MetadataJson, rich.MetadataJson);
    }

    [Fact]
    public async Task ReadSamples_orders_by_item_then_epoch_and_only_returns_that_run()
    {
        await using var store = await OpenMigratedAsync();
        string[] items = ["b", "A", "a", "ё", "Я", "item-10", "item-2"];
        var batch = items.SelectMany(i => new[] { 2, 0, 1 }.Select(e => (TestData.Sample("run-1", i, e), (string?)null))).ToList();
        batch.Add((TestData.Sample("run-2", "a"), null));
        await store.WriteSamplesAsync(batch, Ct);

        var read = await ToListAsync(store.ReadSamplesAsync("run-1", Ct));

        var expected = items.Order(StringComparer.Ordinal).SelectMany(i => new[] { 0, 1, 2 }.Select(e => (i, e)));
        Assert.Equal(expected, read.Select(s => (s.ItemId, s.Epoch)));
    }

    [Fact]
    public async Task A_duplicate_write_is_ignored_and_the_first_sample_kept()
    {
        await using var store = await OpenMigratedAsync();
        var first = TestData.Sample("run-1", "q1", response: TestData.Ok("first"));
        var second = TestData.Sample("run-1", "q1", response: TestData.Ok("second"));

        await store.WriteSamplesAsync([(first, null)], Ct);
        await store.WriteSamplesAsync([(second, null)], Ct);
        await store.WriteSamplesAsync([(second, null), (second, null)], Ct);

        Assert.Equal([first], await ToListAsync(store.ReadSamplesAsync("run-1", Ct)));
    }

    [Fact]
    public async Task Writing_an_empty_batch_does_nothing()
    {
        await using var store = await OpenMigratedAsync();
        await store.WriteSamplesAsync([], Ct);
        Assert.Empty(await store.GetSampleKeysAsync("run-1", Ct));
        Assert.Empty(await store.GetCachedAsync([], Ct));
    }

    [Fact]
    public async Task GetSampleKeys_lists_item_and_epoch_of_one_run()
    {
        await using var store = await OpenMigratedAsync();
        await store.WriteSamplesAsync(
        [
            (TestData.Sample("run-1", "q1", 0), null), (TestData.Sample("run-1", "q1", 1), null),
            (TestData.Sample("run-1", "вопрос", 0, TestData.Failed()), null), (TestData.Sample("run-2", "q9", 0), null),
        ], Ct);

        var keys = await store.GetSampleKeysAsync("run-1", Ct);

        Assert.Equal(3, keys.Count);
        Assert.Contains(("q1", 0), keys);
        Assert.Contains(("q1", 1), keys);
        Assert.Contains(("вопрос", 0), keys);
        Assert.Empty(await store.GetSampleKeysAsync("run-3", Ct));
    }

    [Fact]
    public async Task GetSampleKeys_for_some_items_returns_only_theirs_in_one_run()
    {
        await using var store = await OpenMigratedAsync();
        await store.WriteSamplesAsync(
        [
            (TestData.Sample("run-1", "q1", 0), null), (TestData.Sample("run-1", "q1", 1), null), (TestData.Sample("run-1", "q2", 0), null),
            (TestData.Sample("run-1", "вопрос", 0), null), (TestData.Sample("run-2", "q3", 0), null),
        ], Ct);

        var keys = await store.GetSampleKeysAsync("run-1", ["q1", "вопрос", "q3", "missing", "it's \"quoted\""], Ct);

        Assert.Equal([("q1", 0), ("q1", 1), ("вопрос", 0)], keys.Order());
        Assert.Empty(await store.GetSampleKeysAsync("run-1", [], Ct));
        Assert.Empty(await store.GetSampleKeysAsync("run-3", ["q1"], Ct));
    }

    [Fact]
    public async Task Only_ok_responses_are_cached_and_GetCached_returns_the_hits()
    {
        await using var store = await OpenMigratedAsync();
        var ok = TestData.Rich("run-1");
        await store.WriteSamplesAsync(
        [
            (ok, "k-ok"),
            (TestData.Sample("run-1", "e", response: TestData.Failed()), "k-error"),
            (TestData.Sample("run-1", "f", response: TestData.Failed(SampleStatus.ContentFilter, ErrorKind.ContentFilter)), "k-filter"),
            (TestData.Sample("run-1", "p", response: TestData.Failed(SampleStatus.BlockedByPolicy, ErrorKind.None)), "k-blocked"),
            (TestData.Sample("run-1", "n"), null),
        ], Ct);

        var hits = await store.GetCachedAsync(["k-ok", "k-error", "k-filter", "k-blocked", "k-missing"], Ct);

        Assert.Equal(["k-ok"], hits.Keys);
        Assert.Equal(ok.Response, hits["k-ok"]);
    }

    [Fact]
    public async Task A_cached_response_is_not_replaced_by_a_later_one()
    {
        await using var store = await OpenMigratedAsync();
        await store.WriteSamplesAsync([(TestData.Sample("run-1", "q", 0, TestData.Ok("first")), "k")], Ct);
        await store.WriteSamplesAsync([(TestData.Sample("run-2", "q", 0, TestData.Ok("second")), "k")], Ct);

        Assert.Equal("first", (await store.GetCachedAsync(["k"], Ct))["k"].Text);
        Assert.Equal("second", (await ToListAsync(store.ReadSamplesAsync("run-2", Ct)))[0].Response.Text);
    }

    [Fact]
    public async Task GetCached_handles_many_keys()
    {
        await using var store = await OpenMigratedAsync();
        var batch = TestData.Batch("run-1", 1_500);
        await store.WriteSamplesAsync(batch, Ct);

        var keys = batch.Select(b => b.CacheKey!).Append("absent").ToArray();
        var hits = await store.GetCachedAsync(keys, Ct);

        Assert.Equal(1_500, hits.Count);
    }

    [Fact]
    public async Task Summarize_counts_errors_scores_tokens_and_cost()
    {
        await using var store = await OpenMigratedAsync();
        var run = await store.UpsertRunAsync(TestData.Run(), Ct);
        await store.WriteSamplesAsync(
        [
            (TestData.Sample("run-1", "a", score: 1.0, cost: 0.1m), null),
            (TestData.Sample("run-1", "b", score: 0.5, cost: 0.2m), null),
            (TestData.Sample("run-1", "c", response: TestData.Failed(), score: null, cost: null), null),
            (TestData.Sample("run-1", "d", response: TestData.Failed(SampleStatus.ContentFilter, ErrorKind.ContentFilter), score: 0.0, cost: 0.000000001m), null),
            (TestData.Sample("run-2", "a", score: 1.0, cost: 5m), null),
        ], Ct);

        var summary = await store.SummarizeAsync("run-1", Ct);

        // Errors counts Status == Error only; content-filter and blocked samples are outcomes.
        Assert.Equal(new RunSummary(run, Samples: 4, Errors: 1, ScoreSum: 1.5, Scored: 3, InputTokens: 24, OutputTokens: 6,
            Cost: 0.300000001m), summary);
    }

    [Fact]
    public async Task Summarize_cost_is_null_when_every_cost_is_null()
    {
        await using var store = await OpenMigratedAsync();
        var run = await store.UpsertRunAsync(TestData.Run(), Ct);
        Assert.Equal(new RunSummary(run, 0, 0, 0, 0, 0, 0, null), await store.SummarizeAsync("run-1", Ct));

        await store.WriteSamplesAsync([(TestData.Sample("run-1", "a", cost: null), null)], Ct);

        var summary = await store.SummarizeAsync("run-1", Ct);
        Assert.Equal(1, summary!.Samples);
        Assert.Null(summary.Cost);
    }

    [Fact]
    public async Task Concurrent_writers_lose_nothing()
    {
        await using var store = await OpenMigratedAsync();
        const int writers = 8, batches = 10, size = 100;

        // Writers overlap on purpose: writer w also re-sends writer w-1's first batch.
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < batches; b++)
            {
                await store.WriteSamplesAsync(TestData.Batch("run-1", size, start: ((w * batches) + b) * size), Ct);
            }

            await store.WriteSamplesAsync(TestData.Batch("run-1", size, start: Math.Max(0, w - 1) * batches * size), Ct);
        }, Ct)));

        Assert.Equal(writers * batches * size, (await store.GetSampleKeysAsync("run-1", Ct)).Count);
        Assert.Equal(writers * batches * size, (await ToListAsync(store.ReadSamplesAsync("run-1", Ct))).Count);
    }
}
