using System.Net;
using System.Text;
using Arbiter.Core.Models;
using Arbiter.Engine.Providers;
using Microsoft.Extensions.AI;

namespace Arbiter.Engine.Tests.Connectors;

/// <summary>
/// Yandex's OpenAI-compatible endpoint goes through the generic provider, so the no-logging header must be
/// added there too (yandex-cloud/docs en/foundation-models/operations/disable-logging.md: request data is
/// logged unless <c>x-data-logging-enabled: false</c> is sent). No request leaves the process: a handler
/// records the request and answers in OpenAI's wire format.
/// </summary>
public sealed class YandexOpenAiRouteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ModelSpec Spec(string baseUrl, bool dataLogging = false) =>
        new("ya-openai", "openai", baseUrl, "gpt://b1gfolder/yandexgpt/latest", null, "RU", null, null, null, GenerationParameters.Default) { DataLogging = dataLogging };

    [Theory]
    [InlineData("https://llm.api.cloud.yandex.net/v1", false, "false")]
    [InlineData("https://llm.api.cloud.yandex.net/v1", true, null)]
    [InlineData("https://ai.api.cloud.yandex.net/v1", false, "false")]
    [InlineData("https://llm.api.yandexcloud.net/v1", false, "false")]
    [InlineData("https://api.openai.com/v1", false, null)]
    [InlineData("https://notyandex.net/v1", false, null)]
    public async Task The_openai_route_sends_the_no_logging_header_to_Yandex_hosts_only(string baseUrl, bool dataLogging, string? expected)
    {
        using var handler = new RecordingHandler();
        using var factory = new ChatClientFactory(handler);
        using var client = factory.Create(Spec(baseUrl, dataLogging));

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: Ct);

        Assert.Equal("hello", response.Text);
        Assert.Equal(expected, handler.DataLogging);
    }

    [Theory]
    [InlineData("https://llm.api.cloud.yandex.net/v1", true)]
    [InlineData("https://LLM.API.CLOUD.YANDEX.NET:443/v1", true)]
    [InlineData("https://yandex.net/v1", true)]
    [InlineData("https://foo.yandexcloud.net", true)]
    [InlineData("https://yandex.net.evil.example/v1", false)]
    [InlineData("https://evilyandex.net/v1", false)]
    [InlineData("http://127.0.0.1:8000/v1", false)]
    public void Yandex_hosts_are_recognised_by_domain_suffix(string baseUrl, bool expected) =>
        Assert.Equal(expected, VendorRules.IsYandexHost(baseUrl));

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public string? DataLogging { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            DataLogging = request.Headers.TryGetValues("x-data-logging-enabled", out var values) ? string.Join(",", values) : null;
            const string body = """
                {"id":"c1","object":"chat.completion","created":1,"model":"yandexgpt","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
                """;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
