using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;

namespace Arbiter.Engine.Tests.Runner;

public sealed class StoreFailureTests
{
    [Fact]
    public async Task A_failing_store_fails_the_run_instead_of_hanging_it()
    {
        await using var h = await SimHarness.StartAsync(items: 2_000);
        var store = new FailingWrites(h.Store);
        var runner = new EvaluationRunner(store, new ChatClientFactory());
        var run = runner.RunAsync([new RunJob(h.Suite, h.Model(concurrency: 32))], new RunOptions(Retry: SimHarness.FastRetry()), new RunMonitor());
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(run, finished);
        var ex = await Assert.ThrowsAsync<IOException>(() => run);
        Assert.Equal("disk full", ex.Message);
    }

    /// <summary>Delegates to a real store but fails every sample write.</summary>
    private sealed class FailingWrites(IRunStore inner) : IRunStore
    {
        public Task MigrateAsync(CancellationToken cancellationToken = default) => inner.MigrateAsync(cancellationToken);

        public Task<RunRecord> UpsertRunAsync(RunRecord run, CancellationToken cancellationToken = default) => inner.UpsertRunAsync(run, cancellationToken);

        public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => inner.GetRunAsync(runId, cancellationToken);

        public IAsyncEnumerable<RunRecord> ListRunsAsync(CancellationToken cancellationToken = default) => inner.ListRunsAsync(cancellationToken);

        public Task CompleteRunAsync(string runId, long finishedAtMs, CancellationToken cancellationToken = default) => inner.CompleteRunAsync(runId, finishedAtMs, cancellationToken);

        public Task<IReadOnlySet<(string ItemId, int Epoch)>> GetSampleKeysAsync(string runId, CancellationToken cancellationToken = default) => inner.GetSampleKeysAsync(runId, cancellationToken);


        public Task<int> DeleteErrorSamplesAsync(string runId, CancellationToken cancellationToken = default) => inner.DeleteErrorSamplesAsync(runId, cancellationToken);

        public Task WriteSamplesAsync(IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples, CancellationToken cancellationToken = default) =>
            Task.FromException(new IOException("disk full"));

        public IAsyncEnumerable<SampleRecord> ReadSamplesAsync(string runId, CancellationToken cancellationToken = default) => inner.ReadSamplesAsync(runId, cancellationToken);

        public Task<IReadOnlyDictionary<string, ModelResponse>> GetCachedAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) => inner.GetCachedAsync(keys, cancellationToken);

        public Task<RunSummary?> SummarizeAsync(string runId, CancellationToken cancellationToken = default) => inner.SummarizeAsync(runId, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
