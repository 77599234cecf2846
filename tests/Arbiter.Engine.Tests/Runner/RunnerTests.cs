using Arbiter.Core.Runs;
using Arbiter.Engine.Runner;
using Arbiter.Simulator;

namespace Arbiter.Engine.Tests.Runner;

public sealed class RunnerTests
{
    [Fact]
    public async Task Every_item_gets_exactly_one_scored_sample_and_the_run_completes()
    {
        await using var h = await SimHarness.StartAsync(items: 60);
        var (runs, monitor) = await h.RunAsync(h.Model());
        var run = Assert.Single(runs);
        Assert.Equal(RunStatus.Completed, run.Status);
        var samples = await h.SamplesAsync(run.RunId);
        Assert.Equal(60, samples.Count);
        Assert.Equal(60, samples.Select(s => s.ItemId).Distinct().Count());
        Assert.All(samples, s => Assert.NotNull(s.Score));
        var accuracy = samples.Average(s => s.Score!.Value);
        Assert.InRange(accuracy, 0.45, 0.92); // ability 0.7
        Assert.Equal(60, h.Server.Stats.TotalChatRequests);
        Assert.Equal(60, monitor.Done);
        Assert.All(samples, s => Assert.True(s.Cost > 0));
    }

    [Fact]
    public async Task Running_the_same_spec_again_resumes_and_makes_no_calls()
    {
        await using var h = await SimHarness.StartAsync(items: 30);
        var (first, _) = await h.RunAsync(h.Model());
        h.Server.ResetStats();
        var (second, monitor) = await h.RunAsync(h.Model());
        Assert.Equal(first[0].RunId, second[0].RunId);
        Assert.Equal(0, h.Server.Stats.TotalChatRequests);
        Assert.Equal(30, monitor.Skipped);
        Assert.Equal(30, (await h.SamplesAsync(first[0].RunId)).Count);
    }

    [Fact]
    public async Task A_fresh_run_of_the_same_spec_is_answered_from_the_cache()
    {
        await using var h = await SimHarness.StartAsync(items: 30);
        var (first, _) = await h.RunAsync(h.Model());
        h.Server.ResetStats();
        var (second, monitor) = await h.RunAsync(h.Model(), new RunOptions(Fresh: true, Retry: SimHarness.FastRetry()));
        Assert.NotEqual(first[0].RunId, second[0].RunId);
        Assert.Equal(0, h.Server.Stats.TotalChatRequests);
        Assert.Equal(30, monitor.CacheHits);
        var a = (await h.SamplesAsync(first[0].RunId)).ToDictionary(s => s.ItemId, s => s.Response.Text);
        var b = (await h.SamplesAsync(second[0].RunId)).ToDictionary(s => s.ItemId, s => s.Response.Text);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task An_interrupted_run_resumes_without_losing_or_duplicating_samples()
    {
        var profile = SimModelProfile.Simple("sim-test", 0.7, meanLatencyMs: 20);
        await using var h = await SimHarness.StartAsync(items: 80, profile);
        using var cts = new CancellationTokenSource();
        var runner = new EvaluationRunner(h.Store, new Providers.ChatClientFactory());
        var monitor = new RunMonitor();
        var task = runner.RunAsync([new RunJob(h.Suite, h.Model(concurrency: 4))], new RunOptions(Retry: SimHarness.FastRetry()), monitor, cts.Token);
        while (monitor.Done < 20) await Task.Delay(5);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);

        var runId = RunKeys.RunId(RunKeys.SpecHash(h.Suite, h.Suite.Items, h.Model(), h.Model().Parameters, 1));
        var stored = (await h.SamplesAsync(runId)).Count;
        Assert.InRange(stored, 20, 79);
        h.Server.ResetStats();
        var (runs, resumed) = await h.RunAsync(h.Model(concurrency: 4));
        var samples = await h.SamplesAsync(runId);
        Assert.Equal(80, samples.Count);
        Assert.Equal(80, samples.Select(s => (s.ItemId, s.Epoch)).Distinct().Count());
        Assert.Equal(stored, resumed.Skipped);
        Assert.Equal(80 - stored, h.Server.Stats.TotalChatRequests);
        Assert.Equal(RunStatus.Completed, runs[0].Status);
    }

    [Fact]
    public async Task Epochs_produce_one_sample_per_item_and_epoch()
    {
        await using var h = await SimHarness.StartAsync(items: 10);
        var (runs, _) = await h.RunAsync(h.Model(), new RunOptions(Epochs: 3, Retry: SimHarness.FastRetry()));
        var samples = await h.SamplesAsync(runs[0].RunId);
        Assert.Equal(30, samples.Count);
        Assert.Equal([0, 1, 2], samples.Select(s => s.Epoch).Distinct().Order());
        Assert.Equal(3, runs[0].Epochs);
    }

    [Fact]
    public async Task Streaming_records_time_to_first_token()
    {
        var profile = SimModelProfile.Simple("sim-test", 0.7, meanLatencyMs: 30, msPerToken: 1);
        await using var h = await SimHarness.StartAsync(items: 8, profile);
        var (runs, _) = await h.RunAsync(h.Model(), new RunOptions(Stream: true, Retry: SimHarness.FastRetry()));
        var samples = await h.SamplesAsync(runs[0].RunId);
        Assert.All(samples, s =>
        {
            Assert.Equal(SampleStatus.Ok, s.Response.Status);
            Assert.NotNull(s.Response.TimeToFirstTokenMs);
            Assert.InRange(s.Response.TimeToFirstTokenMs!.Value, 1, s.Response.LatencyMs);
            Assert.True(s.Response.Usage.Output > 0);
        });
    }
}
