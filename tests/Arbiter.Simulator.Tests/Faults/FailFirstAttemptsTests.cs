using System.Net;

namespace Arbiter.Simulator.Tests.Faults;

public sealed class FailFirstAttemptsTests
{
    [Theory]
    [InlineData(SimFault.ServerError, HttpStatusCode.InternalServerError)]
    [InlineData(SimFault.RateLimited, HttpStatusCode.TooManyRequests)]
    public async Task First_N_attempts_of_each_body_fail_then_all_succeed(SimFault fault, HttpStatusCode expected)
    {
        var profile = SimModelProfile.Simple("sim-flaky", 0.5) with
        {
            Faults = new FaultProfile { FailFirstAttempts = 2, ForcedFault = fault, Rate500 = 1 },
        };
        await using var server = await Sim.StartAsync(profile);
        using var http = new HttpClient();

        foreach (string prompt in new[] { "first body", "second body" })
        {
            var statuses = new List<HttpStatusCode>();
            for (int attempt = 0; attempt < 5; attempt++)
            {
                using var response = await Sim.PostAsync(http, server, Sim.Body("sim-flaky", prompt));
                statuses.Add(response.StatusCode);
            }

            Assert.Equal([expected, expected, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        }

        Assert.Equal(4, server.Stats.Faults(fault));
        Assert.Equal(6, server.Stats.CompletedOk);

        server.ResetAttempts();
        using var again = await Sim.PostAsync(http, server, Sim.Body("sim-flaky", "first body"));
        Assert.Equal(expected, again.StatusCode);
    }
}
