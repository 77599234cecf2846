using System.Text;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Providers.YandexGpt;
using Arbiter.Engine.Sovereignty;
using Arbiter.Engine.Tests.Runner;

namespace Arbiter.Engine.Tests.Connectors;

/// <summary>The real YandexGPT connector against the Foundation Models protocol server.</summary>
public sealed class YandexGptConnectorTests
{
    private const string ApiKey = "AQVN-test-3f9c2a7b1d8e4c6a";
    private const string KeyEnv = "ARBITER_TEST_YANDEX_KEY";
    private static readonly CallContext Public = new("suite", "item", Confidentiality.Public, CallPurpose.Benchmark);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ModelSpec Spec(YandexGptTestServer s, string model = "yandexgpt-lite", string? scheme = null) =>
        new("yagpt", "yandexgpt", s.BaseUrl, model, KeyEnv, "RU", "RU / Yandex", null, null, GenerationParameters.Default)
        {
            FolderId = s.Folder,
            AuthScheme = scheme,
            Timeout = TimeSpan.FromSeconds(10),
        };

    private static Task<ModelResponse> AskAsync(ModelSpec spec, string secret, string prompt, bool stream = false)
    {
        var client = new YandexGptChatClient(new HttpClient(), spec, secret);
        var caller = new ModelCaller(client, spec, new AdaptiveConcurrencyLimiter(2, 2), SimHarness.FastRetry(), new SecretRedactor([secret]));
        return caller.CallAsync([new ChatTurn("system", "Be brief."), new ChatTurn("user", prompt)], new GenerationParameters(Temperature: 0.3, MaxTokens: 200), stream, Public, Ct);
    }

    [Fact]
    public async Task Api_key_auth_builds_the_model_uri_and_reads_text_status_and_string_usage()
    {
        await using var server = await YandexGptTestServer.StartAsync("Api-Key " + ApiKey);

        var answer = await AskAsync(Spec(server), ApiKey, "What is 3 times 7?");

        Assert.Equal(SampleStatus.Ok, answer.Status);
        Assert.Equal("The answer is 21", answer.Text);
        Assert.Equal("stop", answer.FinishReason);
        Assert.True(answer.Usage.Input > 0 && answer.Usage.Output > 0);
        Assert.Equal($"gpt://{server.Folder}/yandexgpt-lite/latest", server.LastModelUri);
        Assert.Equal("200", server.LastMaxTokens);
    }

    [Fact]
    public async Task Bearer_scheme_sends_an_iam_token_and_a_full_model_uri_is_kept()
    {
        const string iam = "t1.9euelZqQk5ySm-test-iam-token";
        await using var server = await YandexGptTestServer.StartAsync("Bearer " + iam);

        var answer = await AskAsync(Spec(server, $"gpt://{server.Folder}/yandexgpt/rc", "bearer"), iam, "What is 4 times 7?");

        Assert.Equal(SampleStatus.Ok, answer.Status);
        Assert.Equal($"gpt://{server.Folder}/yandexgpt/rc", server.LastModelUri);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Content_filter_status_becomes_the_content_filter_outcome(bool stream)
    {
        await using var server = await YandexGptTestServer.StartAsync("Api-Key " + ApiKey);

        var answer = await AskAsync(Spec(server), ApiKey, "Something FORBIDDEN", stream);

        Assert.Equal((SampleStatus.ContentFilter, ErrorKind.ContentFilter), (answer.Status, answer.ErrorKind));
    }

    [Fact]
    public async Task Rate_limits_are_retried()
    {
        await using var server = await YandexGptTestServer.StartAsync("Api-Key " + ApiKey);
        server.RateLimitFirst = 2;

        var answer = await AskAsync(Spec(server), ApiKey, "What is 5 times 7?");

        Assert.Equal(SampleStatus.Ok, answer.Status);
        Assert.Equal(3, answer.Attempts);
    }

    [Fact]
    public async Task Streaming_turns_cumulative_lines_into_deltas()
    {
        await using var server = await YandexGptTestServer.StartAsync("Api-Key " + ApiKey);

        var answer = await AskAsync(Spec(server), ApiKey, "What is 12 times 7?", stream: true);

        Assert.Equal(SampleStatus.Ok, answer.Status);
        Assert.Equal("The answer is 84", answer.Text);
        Assert.True(answer.Usage.Output > 0);
    }

    [Fact]
    public async Task A_rejected_key_is_permanent_and_the_quoted_key_is_redacted()
    {
        await using var server = await YandexGptTestServer.StartAsync("Api-Key " + ApiKey);
        const string wrong = "AQVN-wrong-key-0000111122";

        var answer = await AskAsync(Spec(server), wrong, "hello");

        Assert.Equal((SampleStatus.Error, ErrorKind.Permanent), (answer.Status, answer.ErrorKind));
        Assert.Contains("HTTP 401", answer.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, answer.Error, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_full_run_through_the_runner_stores_answers_and_never_the_key()
    {
        Environment.SetEnvironmentVariable(KeyEnv, ApiKey);
        await using var h = await SimHarness.StartAsync(items: 20);
        await using var server = await YandexGptTestServer.StartAsync("Api-Key " + ApiKey);
        server.RateLimitFirst = 2;

        var (runs, monitor) = await h.RunAsync(Spec(server));

        var samples = await h.SamplesAsync(runs[0].RunId);
        Assert.Equal(20, samples.Count);
        Assert.All(samples, s => Assert.Equal(SampleStatus.Ok, s.Response.Status));
        Assert.True(monitor.Correct > 0);
        await h.Store.DisposeAsync();
        var bytes = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(h.DatabasePath, Ct));
        Assert.DoesNotContain(ApiKey, bytes, StringComparison.Ordinal);
    }
}
