using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Tests.Support;

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
    private sealed class FailingWrites(IRunStore inner) : DelegatingRunStore(inner)
    {
        public override Task WriteSamplesAsync(IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples, CancellationToken cancellationToken = default) =>
            Task.FromException(new IOException("disk full"));
    }
}
