using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arbiter.Simulator.Tests.Protocol;

public sealed class WireFormatTests
{
    [Fact]
    public async Task Non_streaming_reply_has_the_OpenAI_shape_and_consistent_usage()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();
        string prompt = "Tell me about rivers and how they shape landscapes.";

        var root = await Sim.CompleteAsync(http, server, Sim.Body("sim-atlas-large", prompt));

        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.True(root.GetProperty("created").GetInt64() > 1_700_000_000);
        Assert.Equal("sim-atlas-large", root.GetProperty("model").GetString());
        var choice = root.GetProperty("choices")[0];
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        string content = choice.GetProperty("message").GetProperty("content").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(content));
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());

        var usage = root.GetProperty("usage");
        int promptTokens = usage.GetProperty("prompt_tokens").GetInt32();
        int completionTokens = usage.GetProperty("completion_tokens").GetInt32();
        Assert.Equal((prompt.Length + 3) / 4, promptTokens);
        Assert.Equal((content.Length + 3) / 4, completionTokens);
        Assert.Equal(promptTokens + completionTokens, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Content_given_as_text_parts_is_read_like_a_string()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();
        var parts = JsonNode.Parse("""
            {"model":"sim-open-8b","seed":3,"messages":[{"role":"user","content":[{"type":"text","text":"Hello there, "},{"type":"text","text":"how are you?"}]}]}
            """)!;

        string fromParts = await Sim.AnswerAsync(http, server, parts);
        string fromString = await Sim.AnswerAsync(http, server, Sim.Body("sim-open-8b", "Hello there, how are you?", seed: 3));

        Assert.Equal(fromString, fromParts);
    }

    [Fact]
    public async Task Streaming_sends_role_chunk_content_chunks_finish_usage_then_done()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();
        var body = Sim.Body("sim-atlas-large", "Explain how bridges are designed, in detail.", seed: 1);
        string expected = await Sim.AnswerAsync(http, server, body.DeepClone());

        using var response = await Sim.PostAsync(http, server, Sim.Body("sim-atlas-large", "Explain how bridges are designed, in detail.", seed: 1, stream: true));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var (events, broke) = await Sim.ReadEventsAsync(response);

        Assert.False(broke);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());

        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var usageChunk = chunks[^1];
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        var finishChunk = chunks[^2];
        Assert.Equal("stop", finishChunk.GetProperty("choices")[0].GetProperty("finish_reason").GetString());

        var contentChunks = chunks[1..^2];
        Assert.True(contentChunks.Count >= 3, $"expected several content chunks, got {contentChunks.Count}");
        string streamed = string.Concat(contentChunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal(expected, streamed);
        Assert.Equal((streamed.Length + 3) / 4, usageChunk.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Streaming_without_include_usage_sends_no_usage_chunk()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();
        var body = Sim.Body("sim-open-8b", "Hi!");
        body["stream"] = true;

        using var response = await Sim.PostAsync(http, server, body);
        var (events, _) = await Sim.ReadEventsAsync(response);

        Assert.Equal("[DONE]", events[^1]);
        Assert.All(events[..^1], e => Assert.Equal(1, JsonDocument.Parse(e).RootElement.GetProperty("choices").GetArrayLength()));
    }

    [Fact]
    public async Task Unknown_model_is_404_with_OpenAI_error_json()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();

        using var response = await Sim.PostAsync(http, server, Sim.Body("gpt-nonexistent", "hi"));
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Sim.Ct)).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("gpt-nonexistent", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"model\":\"sim-open-8b\"}")]
    [InlineData("{\"model\":\"sim-open-8b\",\"messages\":[]}")]
    public async Task Malformed_request_is_400_with_OpenAI_error_json(string body)
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(server.BaseUrl + "/chat/completions"),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Sim.Ct);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Sim.Ct)).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(1, server.Stats.Rejected);
    }

    [Fact]
    public async Task Max_tokens_cuts_the_answer_with_finish_reason_length()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();
        var body = Sim.Body("sim-atlas-large", "Write a long essay about the history of mathematics.", maxTokens: 5);

        var root = await Sim.CompleteAsync(http, server, body);

        var choice = root.GetProperty("choices")[0];
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(5, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.InRange(choice.GetProperty("message").GetProperty("content").GetString()!.Length, 17, 20);
    }

    [Fact]
    public async Task Max_completion_tokens_is_honoured_in_streams_too()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();
        var body = Sim.Body("sim-atlas-large", "Write a long essay about the history of mathematics.", stream: true);
        body["max_completion_tokens"] = 3;

        using var response = await Sim.PostAsync(http, server, body);
        var (events, _) = await Sim.ReadEventsAsync(response);
        var finish = JsonDocument.Parse(events[^3]).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString();

        Assert.Equal("length", finish);
        Assert.Equal(3, JsonDocument.Parse(events[^2]).RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Stats_endpoint_serves_the_counters_as_json()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();
        await Sim.CompleteAsync(http, server, Sim.Body("sim-volga-pro", "Привет!"));

        var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUrl, "/sim/stats"), Sim.Ct)).RootElement;

        Assert.Equal(1, stats.GetProperty("totalChatRequests").GetInt64());
        Assert.Equal(1, stats.GetProperty("completedOk").GetInt64());
        Assert.Equal(1, stats.GetProperty("byModel").GetProperty("sim-volga-pro").GetInt64());
        Assert.Equal(0, stats.GetProperty("byFault").GetProperty("rateLimited").GetInt64());
    }

    [Fact]
    public async Task Stop_sequences_cut_the_answer_before_the_first_match()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();
        var body = Sim.Body("sim-atlas-large", "Describe a sunny day at the beach.");
        string full = await Sim.AnswerAsync(http, server, body.DeepClone());
        body["stop"] = new JsonArray(".", "\n");

        var choice = (await Sim.CompleteAsync(http, server, body)).GetProperty("choices")[0];
        string cut = choice.GetProperty("message").GetProperty("content").GetString()!;

        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.StartsWith(cut, full, StringComparison.Ordinal);
        Assert.DoesNotContain('.', cut);
        Assert.True(cut.Length < full.Length);
    }

    [Fact]
    public async Task Single_model_can_be_retrieved_by_id()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();

        var model = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUrl + "/models/sim-thinker-r1"), Sim.Ct)).RootElement;
        using var missing = await http.GetAsync(new Uri(server.BaseUrl + "/models/nope"), Sim.Ct);

        Assert.Equal("sim-thinker-r1", model.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
