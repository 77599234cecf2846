using System.Text;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Providers.GigaChat;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Sovereignty;
using Arbiter.Engine.Tests.Runner;

namespace Arbiter.Engine.Tests.Connectors;

/// <summary>The real GigaChat connector against the GigaChat protocol server.</summary>
public sealed class GigaChatConnectorTests
{
    private const string Key = "MDE5ZTQxOTYtdGVzdC1jbGllbnQ6c2VjcmV0LTdmM2E5YzJl";
    private const string KeyEnv = "ARBITER_TEST_GIGACHAT_KEY";
    private static readonly CallContext Public = new("suite", "item", Confidentiality.Public, CallPurpose.Benchmark);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ModelSpec Spec(GigaChatTestServer s, string? caCertFile = null) =>
        new("giga", "gigachat", s.BaseUrl, "GigaChat", KeyEnv, "RU", "RU / Sber", null, null, GenerationParameters.Default)
        {
            AuthUrl = s.AuthUrl,
            Scope = "GIGACHAT_API_B2B",
            CaCertFile = caCertFile,
            Timeout = TimeSpan.FromSeconds(10),
        };

    private static ModelCaller Caller(GigaChatChatClient client, ModelSpec spec) =>
        new(client, spec, new AdaptiveConcurrencyLimiter(4, 4), SimHarness.FastRetry(), new SecretRedactor([Key]));

    private static Task<ModelResponse> AskAsync(ModelCaller caller, string prompt, bool stream = false) =>
        caller.CallAsync([new ChatTurn("user", prompt)], new GenerationParameters(Temperature: 0, MaxTokens: 64), stream, Public, Ct);

    [Fact]
    public async Task One_token_serves_many_calls_and_the_oauth_request_carries_key_rquid_and_scope()
    {
        await using var server = await GigaChatTestServer.StartAsync(Key);
        using var client = new GigaChatChatClient(new HttpClient(), Spec(server), Key);
        var caller = Caller(client, Spec(server));

        var answers = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => AskAsync(caller, $"What is {i} times 7?")));

        Assert.All(answers, a => Assert.Equal(SampleStatus.Ok, a.Status));
        Assert.Equal("The answer is 21", answers[2].Text);
        Assert.True(answers[0].Usage.Input > 0 && answers[0].Usage.Output > 0);
        Assert.Equal(1, server.TokenRequests);
        Assert.Equal("GIGACHAT_API_B2B", server.LastScope);
    }

    [Fact]
    public async Task A_token_is_renewed_before_it_expires_so_no_call_meets_a_401()
    {
        await using var server = await GigaChatTestServer.StartAsync(Key);
        server.TokenLifetime = TimeSpan.FromSeconds(2);
        using var client = new GigaChatChatClient(new HttpClient(), Spec(server), Key);
        var caller = Caller(client, Spec(server));

        Assert.Equal(SampleStatus.Ok, (await AskAsync(caller, "What is 2 times 7?")).Status);
        await Task.Delay(1700, Ct);
        Assert.Equal(SampleStatus.Ok, (await AskAsync(caller, "What is 3 times 7?")).Status);

        Assert.Equal(2, server.TokenRequests);
        Assert.Equal(0, server.Unauthorized);
    }

    [Fact]
    public async Task A_401_renews_the_token_once_and_the_call_succeeds()
    {
        await using var server = await GigaChatTestServer.StartAsync(Key);
        using var client = new GigaChatChatClient(new HttpClient(), Spec(server), Key);
        var caller = Caller(client, Spec(server));
        await AskAsync(caller, "What is 2 times 7?");

        server.RevokeAll();
        var answer = await AskAsync(caller, "What is 4 times 7?");

        Assert.Equal(SampleStatus.Ok, answer.Status);
        Assert.Equal(1, answer.Attempts);
        Assert.Equal(1, server.Unauthorized);
        Assert.Equal(2, server.TokenRequests);
    }

    // GigaChat REST spec, POST /chat/completions (developers.sber.ru/docs/ru/gigachat/api/reference/rest/post-chat):
    // temperature "minimum: 0, exclusiveMinimum: true"; "from 0 to 0.001, temperature and top_p are reset to the most
    // deterministic mode"; a validation failure is a 422 with "Invalid params: …".
    [Fact]
    public async Task The_protocol_server_refuses_temperature_zero_as_GigaChat_does()
    {
        await using var server = await GigaChatTestServer.StartAsync(Key);
        using var http = new HttpClient();
        using var oauth = new HttpRequestMessage(HttpMethod.Post, server.AuthUrl) { Content = new FormUrlEncodedContent([new("scope", "GIGACHAT_API_PERS")]) };
        oauth.Headers.Add("Authorization", "Basic " + Key);
        oauth.Headers.Add("RqUID", Guid.NewGuid().ToString());
        using var tokenResponse = await http.SendAsync(oauth, Ct);
        var token = System.Text.Json.JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("access_token").GetString();
        using var chat = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/chat/completions")
        {
            Content = new StringContent("""{"model":"GigaChat","messages":[{"role":"user","content":"hi"}],"temperature":0}""", Encoding.UTF8, "application/json"),
        };
        chat.Headers.Add("Authorization", "Bearer " + token);

        using var refused = await http.SendAsync(chat, Ct);

        Assert.Equal(422, (int)refused.StatusCode);
        Assert.Contains("temperature", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Temperature_zero_is_sent_in_the_documented_greedy_band_and_the_call_succeeds(bool stream)
    {
        await using var server = await GigaChatTestServer.StartAsync(Key);
        using var client = new GigaChatChatClient(new HttpClient(), Spec(server), Key);

        var answer = await AskAsync(Caller(client, Spec(server)), "What is 8 times 7?", stream);

        Assert.Equal(SampleStatus.Ok, answer.Status);
        Assert.Equal("The answer is 56", answer.Text);
        Assert.Equal(VendorRules.GigaChatGreedyTemperature, server.LastTemperature!.Value, 1e-9);
        Assert.True(server.LastTemperature is > 0 and < 0.001);
    }

    [Fact]
    public async Task A_wrong_authorization_key_is_a_permanent_error_that_does_not_echo_the_key()
    {
        await using var server = await GigaChatTestServer.StartAsync(Key);
        const string wrong = "d3JvbmctY2xpZW50Ondyb25nLXNlY3JldA==";
        using var client = new GigaChatChatClient(new HttpClient(), Spec(server), wrong);
        var caller = new ModelCaller(client, Spec(server), new AdaptiveConcurrencyLimiter(1, 1), SimHarness.FastRetry(), new SecretRedactor([wrong]));

        var answer = await AskAsync(caller, "hello");

        Assert.Equal((SampleStatus.Error, ErrorKind.Permanent), (answer.Status, answer.ErrorKind));
        Assert.Contains("HTTP 401", answer.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, answer.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.ChatRequests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Finish_reason_blacklist_is_the_content_filter_outcome(bool stream)
    {
        await using var server = await GigaChatTestServer.StartAsync(Key);
        using var client = new GigaChatChatClient(new HttpClient(), Spec(server), Key);

        var answer = await AskAsync(Caller(client, Spec(server)), "Tell me something FORBIDDEN", stream);

        Assert.Equal((SampleStatus.ContentFilter, ErrorKind.ContentFilter), (answer.Status, answer.ErrorKind));
    }

    [Fact]
    public async Task Rate_limited_calls_are_retried_after_the_servers_retry_after()
    {
        await using var server = await GigaChatTestServer.StartAsync(Key);
        server.RateLimitFirst = 2;
        using var client = new GigaChatChatClient(new HttpClient(), Spec(server), Key);

        var answer = await AskAsync(Caller(client, Spec(server)), "What is 5 times 7?");

        Assert.Equal(SampleStatus.Ok, answer.Status);
        Assert.Equal(3, answer.Attempts);
    }

    [Fact]
    public async Task Streaming_assembles_the_text_and_reads_usage_from_the_last_event()
    {
        await using var server = await GigaChatTestServer.StartAsync(Key);
        using var client = new GigaChatChatClient(new HttpClient(), Spec(server), Key);

        var answer = await AskAsync(Caller(client, Spec(server)), "What is 6 times 7?", stream: true);

        Assert.Equal(SampleStatus.Ok, answer.Status);
        Assert.Equal("The answer is 42", answer.Text);
        Assert.Equal("stop", answer.FinishReason);
        Assert.NotNull(answer.TimeToFirstTokenMs);
        Assert.True(answer.Usage.Output > 0);
    }

    [Fact]
    public async Task Models_are_listed_with_the_bearer_token()
    {
        await using var server = await GigaChatTestServer.StartAsync(Key);
        using var client = new GigaChatChatClient(new HttpClient(), Spec(server), Key);

        Assert.Equal(["GigaChat", "GigaChat-Pro"], await client.ListModelsAsync(Ct));
    }

    [Fact]
    public async Task An_extra_root_ca_file_makes_a_privately_signed_endpoint_trusted_without_disabling_checks()
    {
        using var certs = TestCertificates.Create();
        var dir = Directory.CreateTempSubdirectory("arbiter-ca-").FullName;
        await using var server = await GigaChatTestServer.StartAsync(Key, certs.Server);
        Environment.SetEnvironmentVariable(KeyEnv, Key);
        using var factory = new ChatClientFactory();
        var untrusted = Spec(server);
        var trusted = Spec(server, certs.WriteRootPem(dir));

        var refused = await new ModelCaller(factory.Create(untrusted), untrusted, new AdaptiveConcurrencyLimiter(1, 1), SimHarness.FastRetry(0), SecretRedactor.None)
            .CallAsync([new ChatTurn("user", "What is 2 times 7?")], GenerationParameters.Default, false, Public, Ct);
        var accepted = await new ModelCaller(factory.Create(trusted), trusted, new AdaptiveConcurrencyLimiter(1, 1), SimHarness.FastRetry(0), SecretRedactor.None)
            .CallAsync([new ChatTurn("user", "What is 2 times 7?")], GenerationParameters.Default, false, Public, Ct);

        Assert.Equal(SampleStatus.Error, refused.Status);
        Assert.Equal(1, server.TokenRequests);
        Assert.Equal(SampleStatus.Ok, accepted.Status);
        Assert.Equal("The answer is 14", accepted.Text);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_full_run_through_the_runner_stores_answers_and_never_the_key_or_any_token()
    {
        Environment.SetEnvironmentVariable(KeyEnv, Key);
        await using var h = await SimHarness.StartAsync(items: 24);
        await using var server = await GigaChatTestServer.StartAsync(Key);
        server.RateLimitFirst = 3;
        var model = Spec(server);

        var (half, _) = await h.RunAsync(model, new RunOptions(Limit: 12, Retry: SimHarness.FastRetry()));
        // Every token dies between the runs; each run builds its own client, so the second fetches a fresh token.
        server.RevokeAll();
        var (full, _) = await h.RunAsync(model, new RunOptions(Retry: SimHarness.FastRetry(), Stream: true));

        var samples = (await h.SamplesAsync(half[0].RunId)).Concat(await h.SamplesAsync(full[0].RunId)).ToList();
        Assert.Equal(36, samples.Count);
        Assert.All(samples, s => Assert.Equal(SampleStatus.Ok, s.Response.Status));
        Assert.Equal(2, server.TokenRequests);
        await h.Store.DisposeAsync();
        var bytes = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(h.DatabasePath, Ct)) +
            (File.Exists(h.DatabasePath + "-wal") ? Encoding.UTF8.GetString(await File.ReadAllBytesAsync(h.DatabasePath + "-wal", Ct)) : "");
        Assert.DoesNotContain(Key, bytes, StringComparison.Ordinal);
        Assert.All(server.IssuedTokens.Append("gc-token-"), t => Assert.DoesNotContain(t, bytes, StringComparison.Ordinal));
    }
}
