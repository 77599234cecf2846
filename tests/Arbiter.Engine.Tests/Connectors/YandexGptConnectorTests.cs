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

    // yandex-cloud/docs en/foundation-models/operations/disable-logging.md: "Models log all request data by default";
    // the x-data-logging-enabled: false header stops it (the ML SDK's enable_server_data_logging=False sends the same).
    [Fact]
    public async Task Request_logging_is_switched_off_by_default_and_left_to_the_vendor_only_on_opt_in()
    {
        await using var server = await YandexGptTestServer.StartAsync("Api-Key " + ApiKey);

        await AskAsync(Spec(server), ApiKey, "What is 3 times 7?");
        Assert.Equal("false", server.LastDataLogging);

        await AskAsync(Spec(server) with { DataLogging = true }, ApiKey, "What is 3 times 7?");
        Assert.Null(server.LastDataLogging);
    }

    // en/_includes/foundation-models/ai-before-beginning.md (service account): "Do not specify the folder ID in your
    // request headers, as the service uses the folder the service account was created in."
    [Fact]
    public async Task An_api_key_sends_no_folder_header_so_a_key_from_another_folder_is_not_refused()
    {
        await using var server = await YandexGptTestServer.StartAsync("Api-Key " + ApiKey);
        // The model lives in a folder the key's service account may use; the key itself belongs to server.Folder.
        var spec = Spec(server, $"gpt://{server.Folder}/yandexgpt/latest") with { FolderId = "b1gotherfolder" };

        var answer = await AskAsync(spec, ApiKey, "What is 3 times 7?");

        Assert.Equal(SampleStatus.Ok, answer.Status);
        Assert.Null(server.LastFolderHeader);
    }

    [Fact]
    public async Task An_IAM_token_carries_the_folder_header()
    {
        const string iam = "t1.9euelZqQk5ySm-test-iam-token";
        await using var server = await YandexGptTestServer.StartAsync("Bearer " + iam);

        var answer = await AskAsync(Spec(server, scheme: "bearer"), iam, "What is 3 times 7?");

        Assert.Equal(SampleStatus.Ok, answer.Status);
        Assert.Equal(server.Folder, server.LastFolderHeader);
    }

    // en/_includes/foundation-models/yandexgpt/api-parameters.md: modelUri holds the folder or the ID of a tuned model;
    // yandex-cloud-ml-sdk _models/completions/function.py treats any name containing '://' as a full URI.
    [Fact]
    public async Task A_fine_tuned_ds_uri_is_sent_unchanged()
    {
        await using var server = await YandexGptTestServer.StartAsync("Api-Key " + ApiKey);

        var answer = await AskAsync(Spec(server, "ds://bt1tunedmodel0001"), ApiKey, "What is 3 times 7?");

        Assert.Equal(SampleStatus.Ok, answer.Status);
        Assert.Equal("ds://bt1tunedmodel0001", server.LastModelUri);
    }

    [Fact]
    public async Task The_protocol_server_refuses_a_temperature_above_one_as_YandexGPT_does()
    {
        await using var server = await YandexGptTestServer.StartAsync("Api-Key " + ApiKey);
        var client = new YandexGptChatClient(new HttpClient(), Spec(server), ApiKey);
        var caller = new ModelCaller(client, Spec(server), new AdaptiveConcurrencyLimiter(1, 1), SimHarness.FastRetry(), new SecretRedactor([ApiKey]));

        var answer = await caller.CallAsync([new ChatTurn("user", "hi")], new GenerationParameters(Temperature: 1.5), false, Public, Ct);

        Assert.Equal((SampleStatus.Error, ErrorKind.Permanent), (answer.Status, answer.ErrorKind));
        Assert.Contains("HTTP 400", answer.Error, StringComparison.Ordinal);
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
