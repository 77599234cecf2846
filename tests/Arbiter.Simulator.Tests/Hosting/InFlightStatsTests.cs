namespace Arbiter.Simulator.Tests.Hosting;

public sealed class InFlightStatsTests
{
    [Fact]
    public async Task Concurrent_requests_are_counted_in_flight_and_the_peak_is_kept_after_they_finish()
    {
        // 300 ms per answer: five requests sent together overlap.
        await using var server = await SimulatedModelServer.StartAsync(
            new SimServerOptions { Models = [SimModelProfile.Simple("sim-slow", 0.5, meanLatencyMs: 300)] }, Sim.Ct);
        using var http = new HttpClient();

        var calls = Enumerable.Range(0, 5).Select(i => Sim.PostAsync(http, server, Sim.Body("sim-slow", $"q{i}"))).ToList();
        var during = 0L;
        while (calls.Any(c => !c.IsCompleted)) during = Math.Max(during, server.Stats.InFlight);
        foreach (var response in await Task.WhenAll(calls)) response.Dispose();

        Assert.InRange(during, 1, 5);
        Assert.Equal(0, server.Stats.InFlight);
        Assert.Equal(5, server.Stats.PeakInFlight);

        server.ResetStats();
        Assert.Equal(0, server.Stats.PeakInFlight);
        (await Sim.PostAsync(http, server, Sim.Body("sim-slow", "one more"))).Dispose();
        Assert.Equal(1, server.Stats.PeakInFlight);
    }
}
