using System.Net;
using System.Text.Json;

namespace Arbiter.Simulator.Tests.Faults;

public sealed class FaultInjectionTests
{
    private static Task<SimulatedModelServer> StartWithAsync(FaultProfile faults) =>
        Sim.StartAsync(SimModelProfile.Simple("sim-faulty", 0.5) with { Faults = faults });

    [Fact]
    public async Task Rate_limit_is_429_with_Retry_After_header_and_error_json()
    {
        await using var server = await StartWithAsync(new FaultProfile { Rate429 = 1, RetryAfterSeconds = 7 });
        using var http = new HttpClient();

        using var response = await Sim.PostAsync(http, server, Sim.Body("sim-faulty", "hi"));
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Sim.Ct)).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal(1, server.Stats.Faults(SimFault.RateLimited));
    }

    [Fact]
    public async Task Server_error_is_500_with_error_json()
    {
        await using var server = await StartWithAsync(new FaultProfile { Rate500 = 1 });
        using var http = new HttpClient();

        using var response = await Sim.PostAsync(http, server, Sim.Body("sim-faulty", "hi"));
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Sim.Ct)).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Hang_is_ended_by_the_client_timeout_and_the_server_notices()
    {
        await using var server = await StartWithAsync(new FaultProfile { RateHang = 1 });
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var started = DateTime.UtcNow;

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => Sim.PostAsync(http, server, Sim.Body("sim-faulty", "hi")));

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.Equal(1, server.Stats.Faults(SimFault.Hang));
        Assert.Equal(0, server.Stats.CompletedOk);
    }

    [Fact]
    public async Task Short_hang_ends_with_a_gateway_timeout()
    {
        await using var server = await StartWithAsync(new FaultProfile { RateHang = 1, HangFor = TimeSpan.FromMilliseconds(50) });
        using var http = new HttpClient();

        using var response = await Sim.PostAsync(http, server, Sim.Body("sim-faulty", "hi"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    [Fact]
    public async Task Truncated_stream_stops_mid_answer_without_finish_reason_or_done_and_closes()
    {
        await using var server = await StartWithAsync(new FaultProfile { RateTruncatedStream = 1 });
        using var http = new HttpClient();

        using var response = await Sim.PostAsync(http, server, Sim.Body("sim-faulty", "Tell me a long story about the sea.", stream: true));
        var (events, _) = await Sim.ReadEventsAsync(response);

        Assert.Equal("close", response.Headers.Connection.Single());
        Assert.True(events.Count >= 2, "the stream should carry part of the answer");
        Assert.DoesNotContain("[DONE]", events);
        Assert.All(events, e => Assert.Equal(JsonValueKind.Null,
            JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));
    }

    [Fact]
    public async Task Truncated_non_streaming_body_is_cut_off_json()
    {
        await using var server = await StartWithAsync(new FaultProfile { RateTruncatedStream = 1 });
        using var http = new HttpClient();

        using var response = await Sim.PostAsync(http, server, Sim.Body("sim-faulty", "hi"));
        string body = await response.Content.ReadAsStringAsync(Sim.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("{\"id\":\"chatcmpl-", body, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Malformed_json_is_200_with_a_body_that_does_not_parse(bool stream)
    {
        await using var server = await StartWithAsync(new FaultProfile { RateMalformedJson = 1 });
        using var http = new HttpClient();

        using var response = await Sim.PostAsync(http, server, Sim.Body("sim-faulty", "hi", stream: stream));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (stream)
        {
            var (events, _) = await Sim.ReadEventsAsync(response);
            Assert.Contains(events, e => e != "[DONE]" && !IsJson(e));
        }
        else
        {
            Assert.False(IsJson(await response.Content.ReadAsStringAsync(Sim.Ct)));
        }
    }

    [Fact]
    public async Task Content_filter_stops_with_finish_reason_and_stays_filtered_on_retry()
    {
        await using var server = await StartWithAsync(new FaultProfile { RateContentFilter = 0.5 });
        using var http = new HttpClient();

        int filtered = 0;
        for (int i = 0; i < 40; i++)
        {
            var body = Sim.Body("sim-faulty", $"Prompt {i}: tell me something.");
            var first = (await Sim.CompleteAsync(http, server, body)).GetProperty("choices")[0];
            var retry = (await Sim.CompleteAsync(http, server, body)).GetProperty("choices")[0];
            string reason = first.GetProperty("finish_reason").GetString()!;

            Assert.Equal(reason, retry.GetProperty("finish_reason").GetString());
            Assert.Equal(first.GetProperty("message").GetProperty("content").GetString(), retry.GetProperty("message").GetProperty("content").GetString());
            filtered += reason == "content_filter" ? 1 : 0;
        }

        Assert.InRange(filtered, 8, 32);
        Assert.Equal(2 * filtered, server.Stats.Faults(SimFault.ContentFilter));
    }

    [Fact]
    public async Task Content_filter_in_a_stream_ends_with_content_filter_reason()
    {
        await using var server = await StartWithAsync(new FaultProfile { RateContentFilter = 1 });
        using var http = new HttpClient();

        using var response = await Sim.PostAsync(http, server, Sim.Body("sim-faulty", "Anything at all, please.", stream: true));
        var (events, _) = await Sim.ReadEventsAsync(response);

        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal("content_filter", JsonDocument.Parse(events[^3]).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Random_faults_are_drawn_per_attempt_so_retries_eventually_succeed()
    {
        await using var server = await StartWithAsync(new FaultProfile { Rate500 = 0.5 });
        using var http = new HttpClient();

        for (int i = 0; i < 20; i++)
        {
            var body = Sim.Body("sim-faulty", $"retry me {i}");
            int attempts = 1;
            while (true)
            {
                using var response = await Sim.PostAsync(http, server, body);
                if (response.IsSuccessStatusCode)
                {
                    break;
                }

                Assert.True(++attempts < 30);
            }
        }

        Assert.InRange(server.Stats.Faults(SimFault.ServerError), 5, 60);
        Assert.Equal(20, server.Stats.CompletedOk);
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
