using Arbiter.Core.Runs;
using Arbiter.Engine.Runner;
using Arbiter.Simulator;

namespace Arbiter.Engine.Tests.Runner;

/// <summary><c>stream: auto</c>: stream where the endpoint can, fall back where it cannot.</summary>
public sealed class StreamAutoTests
{
    private static RunOptions Auto => new(Stream: true, Retry: SimHarness.FastRetry(maxRetries: 1)) { StreamFallback = true };

    [Theory]
    [InlineData(SimStreaming.Ignored)]
    [InlineData(SimStreaming.Rejected)]
    public async Task An_endpoint_that_cannot_stream_fails_every_streamed_call(SimStreaming streaming)
    {
        // Why auto exists: with stream: true such an endpoint yields no answers at all.
        await using var h = await SimHarness.StartAsync(items: 6, streaming: streaming);
        var (runs, _) = await h.RunAsync(h.Model(concurrency: 1), new RunOptions(Stream: true, Retry: SimHarness.FastRetry(maxRetries: 1)));

        Assert.All(await h.SamplesAsync(runs[0].RunId), s => Assert.Equal(SampleStatus.Error, s.Response.Status));
    }

    [Theory]
    [InlineData(SimStreaming.Ignored)]
    [InlineData(SimStreaming.Rejected)]
    public async Task Auto_falls_back_to_plain_responses_once_and_says_so(SimStreaming streaming)
    {
        await using var h = await SimHarness.StartAsync(items: 12, streaming: streaming);
        var (runs, monitor) = await h.RunAsync(h.Model(concurrency: 1), Auto);

        var samples = await h.SamplesAsync(runs[0].RunId);
        Assert.Equal(12, samples.Count);
        Assert.All(samples, s => Assert.Equal(SampleStatus.Ok, s.Response.Status));
        Assert.All(samples, s => Assert.Null(s.Response.TimeToFirstTokenMs));
        var notice = Assert.Single(monitor.Notices);
        Assert.Contains("sim-test", notice, StringComparison.Ordinal);
        Assert.Contains("cannot stream", notice, StringComparison.Ordinal);
        // After the switch every item is one plain request: only the first item paid for the failed attempt(s).
        Assert.InRange(h.Server.Stats.TotalChatRequests, 13, 14);
    }

    [Fact]
    public async Task Auto_streams_where_the_endpoint_can()
    {
        var profile = SimModelProfile.Simple("sim-test", 0.7, meanLatencyMs: 20, msPerToken: 1);
        await using var h = await SimHarness.StartAsync(items: 6, profile);
        var (runs, monitor) = await h.RunAsync(h.Model(), Auto);

        Assert.All(await h.SamplesAsync(runs[0].RunId), s => Assert.NotNull(s.Response.TimeToFirstTokenMs));
        Assert.Empty(monitor.Notices);
    }

    [Fact]
    public async Task Auto_does_not_give_up_streaming_because_the_server_is_failing()
    {
        var profile = SimModelProfile.Simple("sim-test", 0.7) with { Faults = new FaultProfile { ForcedFault = SimFault.ServerError, FailFirstAttempts = 1000 } };
        await using var h = await SimHarness.StartAsync(items: 3, profile);
        var (runs, monitor) = await h.RunAsync(h.Model(concurrency: 1), Auto);

        Assert.All(await h.SamplesAsync(runs[0].RunId), s => Assert.Equal(SampleStatus.Error, s.Response.Status));
        Assert.Empty(monitor.Notices);
        // Two attempts per item (one retry), no extra plain request.
        Assert.Equal(6, h.Server.Stats.TotalChatRequests);
    }
}
