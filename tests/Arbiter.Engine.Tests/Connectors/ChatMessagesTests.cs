using System.Text;
using System.Text.Json.Nodes;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Providers.GigaChat;
using Arbiter.Engine.Providers.YandexGpt;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Sovereignty;
using Arbiter.Engine.Suites;
using Arbiter.Engine.Tests.Runner;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Engine.Tests.Connectors;

/// <summary>
/// Tool turns of a conversation item on the wire. The expected shape is OpenAI's Chat Completions request
/// (openai/openai-openapi, <c>ChatCompletionRequestAssistantMessage.tool_calls</c>: <c>[{id, type: "function",
/// function: {name, arguments}}]</c> with <c>arguments</c> a JSON string; <c>ChatCompletionRequestToolMessage</c>:
/// <c>{role: "tool", tool_call_id, content}</c>). A loopback server records the body the OpenAI route really sends.
/// </summary>
public sealed class ChatMessagesTests
{
    private static readonly CallContext Public = new("suite", "item", Confidentiality.Public, CallPurpose.Benchmark);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Line = """
        {"id":"w1","input":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Paris\", \"units\": [\"c\"]}"}}]},{"role":"tool","tool_call_id":"call_1","content":"{\"temp_c\":18}"}],"target":"18"}
        """;

    private static IReadOnlyList<ChatTurn> Rendered()
    {
        var item = JsonlItems.Read("tools.jsonl", new StringReader(Line), "t-")[0];
        var suite = new Suite("tools", "1", "general", "en", Confidentiality.Public, ScorerSpec.Auto, [item]);
        return PromptRenderer.Render(suite, item);
    }

    [Fact]
    public async Task The_openai_route_sends_the_assistant_tool_calls_and_a_tool_message_with_its_call_id()
    {
        string? body = null;
        var (app, baseUrl) = await LoopbackServer.StartAsync(a => a.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync();
            return Results.Text("""
                {"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"It is 18 °C."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":5,"total_tokens":14}}
                """, "application/json");
        }));
        await using (app)
        {
            var spec = new ModelSpec("m", "openai", new Uri(baseUrl, "v1").ToString(), "m", null, "local", null, null, null, GenerationParameters.Default) { Timeout = TimeSpan.FromSeconds(10) };
            using var factory = new ChatClientFactory();
            using var client = factory.Create(spec);
            var caller = new ModelCaller(client, spec, new AdaptiveConcurrencyLimiter(1, 1), SimHarness.FastRetry(), SecretRedactor.None);

            var answer = await caller.CallAsync(Rendered(), GenerationParameters.Default, stream: false, Public, Ct);

            Assert.Equal(SampleStatus.Ok, answer.Status);
            var messages = JsonNode.Parse(body!)!["messages"]!.AsArray();
            Assert.Equal(["user", "assistant", "tool"], messages.Select(m => m!["role"]!.GetValue<string>()));
            var call = messages[1]!["tool_calls"]!.AsArray().Single()!;
            Assert.Equal("call_1", call["id"]!.GetValue<string>());
            Assert.Equal("function", call["type"]!.GetValue<string>());
            Assert.Equal("get_weather", call["function"]!["name"]!.GetValue<string>());
            // A string holding the arguments object, as the API defines it.
            var args = JsonNode.Parse(call["function"]!["arguments"]!.GetValue<string>())!;
            Assert.Equal("Paris", args["city"]!.GetValue<string>());
            Assert.Equal("c", args["units"]![0]!.GetValue<string>());
            Assert.Equal("call_1", messages[2]!["tool_call_id"]!.GetValue<string>());
            Assert.Equal("""{"temp_c":18}""", ContentText(messages[2]!["content"]!));
            Assert.Null(messages[0]!["tool_call_id"]);
        }
    }

    [Fact]
    public async Task GigaChat_refuses_tool_turns_as_a_recorded_permanent_error_and_sends_nothing()
    {
        const string key = "MDE5ZTQxOTYtdGVzdC1jbGllbnQ6c2VjcmV0LTdmM2E5YzJl";
        await using var server = await GigaChatTestServer.StartAsync(key);
        var spec = new ModelSpec("giga", "gigachat", server.BaseUrl, "GigaChat", null, "RU", null, null, null, GenerationParameters.Default)
        {
            AuthUrl = server.AuthUrl,
            Timeout = TimeSpan.FromSeconds(10),
        };
        using var client = new GigaChatChatClient(new HttpClient(), spec, key);
        var caller = new ModelCaller(client, spec, new AdaptiveConcurrencyLimiter(1, 1), SimHarness.FastRetry(), new SecretRedactor([key]));

        var answer = await caller.CallAsync(Rendered(), GenerationParameters.Default, stream: false, Public, Ct);

        Assert.Equal(SampleStatus.Error, answer.Status);
        Assert.Equal(ErrorKind.Permanent, answer.ErrorKind);
        Assert.Equal(1, answer.Attempts);
        Assert.Contains("GigaChat connector", answer.Error, StringComparison.Ordinal);
        Assert.Contains("tool", answer.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.ChatRequests);
    }

    [Fact]
    public async Task YandexGpt_refuses_tool_turns_as_a_recorded_permanent_error_and_sends_nothing()
    {
        const string key = "AQVN-test-3f9c2a7b1d8e4c6a";
        await using var server = await YandexGptTestServer.StartAsync("Api-Key " + key);
        var spec = new ModelSpec("yagpt", "yandexgpt", server.BaseUrl, "yandexgpt-lite", null, "RU", null, null, null, GenerationParameters.Default)
        {
            FolderId = server.Folder,
            Timeout = TimeSpan.FromSeconds(10),
        };
        using var client = new YandexGptChatClient(new HttpClient(), spec, key);
        var caller = new ModelCaller(client, spec, new AdaptiveConcurrencyLimiter(1, 1), SimHarness.FastRetry(), new SecretRedactor([key]));

        var answer = await caller.CallAsync(Rendered(), GenerationParameters.Default, stream: true, Public, Ct);

        Assert.Equal(SampleStatus.Error, answer.Status);
        Assert.Equal(ErrorKind.Permanent, answer.ErrorKind);
        Assert.Contains("YandexGPT connector", answer.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public void Plain_turns_map_as_before_and_tool_turns_change_the_cache_key_and_fingerprint()
    {
        ChatTurn[] plain = [new("system", "s"), new("user", "q")];
        Assert.Equal(["system", "user"], ChatMessages.From(plain).Select(m => m.Role.Value));
        Assert.False(ChatMessages.HasToolContent(ChatMessages.From(plain)));
        Assert.True(ChatMessages.HasToolContent(ChatMessages.From(Rendered())));

        var spec = new ModelSpec("m", "openai", "http://127.0.0.1:1/v1", "m", null, "local", null, null, null, GenerationParameters.Default);
        var turns = Rendered();
        var otherArgs = turns.Select(t => t.ToolCalls is { } c ? t with { ToolCalls = [c[0] with { Arguments = """{"city":"Oslo"}""" }] } : t).ToList();
        Assert.NotEqual(RunKeys.CacheKey(spec, GenerationParameters.Default, turns, 0), RunKeys.CacheKey(spec, GenerationParameters.Default, otherArgs, 0));
        Assert.NotEqual(PayloadFingerprint.Compute("m", turns, GenerationParameters.Default), PayloadFingerprint.Compute("m", otherArgs, GenerationParameters.Default));
    }

    /// <summary>The adapter may send content as a string or as text parts; the text is what counts.</summary>
    private static string ContentText(JsonNode content) =>
        content is JsonValue v ? v.GetValue<string>() : string.Concat(content.AsArray().Select(p => p!["text"]!.GetValue<string>()));
}
