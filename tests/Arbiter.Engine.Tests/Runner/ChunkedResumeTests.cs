using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Tests.Support;
using Arbiter.Simulator;

namespace Arbiter.Engine.Tests.Runner;

/// <summary>Issue 18: a resume asks the store which items of each chunk are done; it never holds every key of the run.</summary>
public sealed class ChunkedResumeTests
{
    [Fact]
    public async Task An_interrupted_multi_chunk_run_resumes_through_chunked_lookups_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var profile = SimModelProfile.Simple("sim-test", 0.7, meanLatencyMs: 2);
        await using var h = await SimHarness.StartAsync(items: 600, profile);
        var store = new ChunkedKeysOnly(h.Store);
        var options = new RunOptions(Epochs: 2, Retry: SimHarness.FastRetry());
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var monitor = new RunMonitor();
            var first = new EvaluationRunner(store, new Providers.ChatClientFactory()).RunAsync([new RunJob(h.Suite, h.Model(concurrency: 8))], options, monitor, cts.Token);
            while (monitor.Done < 700 && !first.IsCompleted) await Task.Delay(5, ct);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        }

        var runId = RunKeys.RunId(RunKeys.SpecHash(h.Suite, h.Suite.Items, h.Model(), h.Model().Parameters, 2));
        var stored = (await h.SamplesAsync(runId)).Count;
        Assert.InRange(stored, 700, 1199);
        h.Server.ResetStats();
        var resumed = new RunMonitor();
        var runs = await new EvaluationRunner(store, new Providers.ChatClientFactory()).RunAsync([new RunJob(h.Suite, h.Model(concurrency: 8))], options, resumed, ct);

        var samples = await h.SamplesAsync(runId);
        Assert.Equal(1200, samples.Select(s => (s.ItemId, s.Epoch)).Distinct().Count());
        Assert.Equal(1200, samples.Count);
        Assert.Equal(stored, resumed.Skipped);
        Assert.Equal(1200 - stored, resumed.Total);
        Assert.Equal(RunStatus.Completed, runs[0].Status);
        // Per epoch, 600 items in chunks of at most 256: three lookups each.
        Assert.Equal(6, store.Lookups);
        Assert.True(store.LargestLookup <= 256, $"a lookup asked about {store.LargestLookup} items");
        // Answers already paid for were not asked again (the cache answers the rest only if it has them).
        Assert.True(h.Server.Stats.TotalChatRequests <= 1200 - stored);
    }

    [Fact]
    public async Task A_fresh_run_makes_no_lookups()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await SimHarness.StartAsync(items: 30);
        var store = new ChunkedKeysOnly(h.Store);

        await new EvaluationRunner(store, new Providers.ChatClientFactory()).RunAsync([new RunJob(h.Suite, h.Model())], new RunOptions(Retry: SimHarness.FastRetry()), new RunMonitor(), ct);

        Assert.Equal(0, store.Lookups);
    }

    /// <summary>Fails the whole-run key set (the memory of a million-sample resume) and counts chunked lookups.</summary>
    private sealed class ChunkedKeysOnly(IRunStore inner) : DelegatingRunStore(inner)
    {
        public int Lookups { get; private set; }

        public int LargestLookup { get; private set; }

        public override Task<IReadOnlySet<(string ItemId, int Epoch)>> GetSampleKeysAsync(string runId, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the runner asked for every key of the run");

        public override Task<IReadOnlySet<(string ItemId, int Epoch)>> GetSampleKeysAsync(string runId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken = default)
        {
            Lookups++;
            LargestLookup = Math.Max(LargestLookup, itemIds.Count);
            return base.GetSampleKeysAsync(runId, itemIds, cancellationToken);
        }
    }
}
