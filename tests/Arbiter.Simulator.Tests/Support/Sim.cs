using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arbiter.Simulator.Tests;

/// <summary>Starts servers with zero latency and talks raw HTTP to them.</summary>
internal static class Sim
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<SimulatedModelServer> StartAsync(SimServerOptions? options = null) =>
        SimulatedModelServer.StartAsync((options ?? new SimServerOptions()) with { LatencyScale = 0 }, Ct);

    public static Task<SimulatedModelServer> StartAsync(params SimModelProfile[] models) =>
        StartAsync(new SimServerOptions { Models = models, LatencyScale = 0 });

    public static JsonObject Body(string model, string prompt, long? seed = null, int? maxTokens = null, bool stream = false)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
        };
        if (seed is not null)
        {
            body["seed"] = seed.Value;
        }

        if (maxTokens is not null)
        {
            body["max_tokens"] = maxTokens.Value;
        }

        if (stream)
        {
            body["stream"] = true;
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return body;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, SimulatedModelServer server, JsonNode body, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUrl + "/chat/completions"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
    }

    /// <summary>Posts a non-streaming request and returns the parsed JSON (asserting 200).</summary>
    public static async Task<JsonElement> CompleteAsync(HttpClient http, SimulatedModelServer server, JsonNode body)
    {
        using var response = await PostAsync(http, server, body);
        string text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<string> AnswerAsync(HttpClient http, SimulatedModelServer server, JsonNode body) =>
        (await CompleteAsync(http, server, body)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    /// <summary>Reads SSE <c>data:</c> payloads until the stream ends (or breaks; then <paramref name="broke"/> is true).</summary>
    public static async Task<(List<string> Events, bool Broke)> ReadEventsAsync(HttpResponseMessage response)
    {
        var events = new List<string>();
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
            while (await reader.ReadLineAsync(Ct) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    events.Add(line["data: ".Length..]);
                }
                else
                {
                    Assert.Equal("", line);
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return (events, true);
        }

        return (events, false);
    }
}
