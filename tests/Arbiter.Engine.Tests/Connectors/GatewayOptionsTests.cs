using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Arbiter.Core.Models;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Microsoft.Extensions.AI;

namespace Arbiter.Engine.Tests.Connectors;

/// <summary>
/// Gateway options on the OpenAI route: extra headers and extra body fields, the two escape hatches the vendor's own
/// SDK offers for gateways and servers with options of their own (openai/openai-python README, "Undocumented request
/// params": <c>extra_headers</c>, <c>extra_body</c>, merged into the request as sent). No request leaves the process:
/// a handler records what would be sent and answers in OpenAI's wire format.
/// </summary>
public sealed class GatewayOptionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ArbiterConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "arbiter.yaml");

    private const string Gateway = """
        models:
          - id: gw
            baseUrl: https://gateway.example/v1
            model: qwen-max
            parameters: { temperature: 0 }
            headers:
              X-Tenant: acme
              X-Gateway-Key: { env: ARBITER_TEST_GATEWAY_KEY }
            extraBody:
              repetition_penalty: 1.1
              provider: { order: [a, b], allow_fallbacks: false }
              user: "42"
        """;

    [Fact]
    public void Headers_and_extra_body_are_read_with_types_and_the_secret_only_by_name()
    {
        var model = Parse(Gateway).Models[0];
        Assert.Equal([new HeaderSpec("X-Tenant", "acme", null), new HeaderSpec("X-Gateway-Key", null, "ARBITER_TEST_GATEWAY_KEY")], model.Headers);
        var body = JsonNode.Parse(model.ExtraBodyJson!)!.AsObject();
        Assert.Equal(1.1, body["repetition_penalty"]!.GetValue<double>());
        Assert.False(body["provider"]!["allow_fallbacks"]!.GetValue<bool>());
        Assert.Equal("b", body["provider"]!["order"]![1]!.GetValue<string>());
        Assert.Equal("42", body["user"]!.GetValue<string>()); // quoted in YAML: stays a string
    }

    [Theory]
    [InlineData("headers: { Authorization: x }", "arbiter.yaml:5:", "set by Arbiter itself")]
    [InlineData("headers: { \"bad header\": x }", "arbiter.yaml:5:", "not a valid HTTP header name")]
    [InlineData("headers: { X-Key: { env: \"1BAD\" } }", "arbiter.yaml:5:", "not an environment variable name")]
    [InlineData("extraBody: { temperature: 0.5 }", "arbiter.yaml:5:", "written by Arbiter")]
    [InlineData("extraBody: { messages: [] }", "arbiter.yaml:5:", "written by Arbiter")]
    public void Bad_gateway_options_name_file_line_and_field(string option, string where, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => Parse($"""
            models:
              - id: gw
                baseUrl: https://gateway.example/v1
                model: m
                {option}
            """));
        Assert.StartsWith(where, ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_options_are_refused_on_native_connectors()
    {
        var ex = Assert.Throws<ConfigException>(() => Parse("""
            models:
              - id: giga
                provider: gigachat
                baseUrl: https://gigachat.devices.sberbank.ru/api/v1
                model: GigaChat
                headers: { X-Tenant: acme }
            """));
        Assert.Contains("provider openai", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_request_carries_the_headers_and_the_merged_body()
    {
        Environment.SetEnvironmentVariable("ARBITER_TEST_GATEWAY_KEY", "s3cret-gateway");
        try
        {
            using var handler = new RecordingHandler();
            using var factory = new ChatClientFactory(handler);
            using var client = factory.Create(Parse(Gateway).Models[0]);

            var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { Temperature = 0 }, Ct);

            Assert.Equal("hello", response.Text);
            Assert.Equal("acme", handler.Headers["X-Tenant"]);
            Assert.Equal("s3cret-gateway", handler.Headers["X-Gateway-Key"]);
            var body = JsonNode.Parse(handler.Body!)!.AsObject();
            Assert.Equal(1.1, body["repetition_penalty"]!.GetValue<double>());
            Assert.Equal("qwen-max", body["model"]!.GetValue<string>());
            Assert.Equal("hi", body["messages"]![0]!["content"]!.GetValue<string>());
        }
        finally
        {
            Environment.SetEnvironmentVariable("ARBITER_TEST_GATEWAY_KEY", null);
        }
    }

    [Fact]
    public void An_unset_header_variable_is_named_and_no_value_leaks()
    {
        Environment.SetEnvironmentVariable("ARBITER_TEST_GATEWAY_KEY", null);
        using var factory = new ChatClientFactory(new RecordingHandler());
        var ex = Assert.Throws<ProviderConfigurationException>(() => factory.Create(Parse(Gateway).Models[0]));
        Assert.Contains("ARBITER_TEST_GATEWAY_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Contains("headers.X-Gateway-Key.env", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_body_is_part_of_run_and_cache_identity_and_absent_keeps_old_keys()
    {
        var plain = new ModelSpec("m", "openai", "http://127.0.0.1:1/v1", "m", null, "RU", null, null, null, GenerationParameters.Default);
        var extra = plain with { ExtraBodyJson = """{"repetition_penalty":1.1}""" };
        var headersOnly = plain with { Headers = [new HeaderSpec("X-Tenant", "acme", null)] };
        ChatTurn[] messages = [new("user", "q")];
        Assert.NotEqual(RunKeys.CacheKey(plain, GenerationParameters.Default, messages, 0), RunKeys.CacheKey(extra, GenerationParameters.Default, messages, 0));
        // Headers reach a gateway, not the model: the same request body gives the same answer key.
        Assert.Equal(RunKeys.CacheKey(plain, GenerationParameters.Default, messages, 0), RunKeys.CacheKey(headersOnly, GenerationParameters.Default, messages, 0));
        var suite = new Suite("s", "1", "science", "en", Confidentiality.Public, new ScorerSpec("exact"), [new SuiteItem("i1", messages, null, "a", null, new Dictionary<string, string>())]);
        Assert.NotEqual(RunKeys.SpecHash(suite, suite.Items, plain, GenerationParameters.Default, 1), RunKeys.SpecHash(suite, suite.Items, extra, GenerationParameters.Default, 1));
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            foreach (var (name, values) in request.Headers) Headers[name] = string.Join(",", values);
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            const string body = """
                {"id":"c1","object":"chat.completion","created":1,"model":"qwen-max","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
                """;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
