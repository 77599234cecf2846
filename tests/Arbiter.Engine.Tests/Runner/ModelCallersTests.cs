using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Sovereignty;
using Microsoft.Extensions.AI;

namespace Arbiter.Engine.Tests.Runner;

public sealed class ModelCallersTests
{
    /// <summary>An endpoint (or proxy) that echoes the request's bearer key in its error text.</summary>
    private sealed class EchoingKeyClient(string key) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException($"401 Unauthorized: invalid api key '{key}'", null, System.Net.HttpStatusCode.Unauthorized);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException($"401 Unauthorized: invalid api key '{key}'", null, System.Net.HttpStatusCode.Unauthorized);

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_caller_built_by_the_factory_redacts_the_models_key_from_the_recorded_error(bool stream)
    {
        var env = "ARBITER_TEST_KEY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        const string Secret = "sk-test-0123456789abcdef";
        Environment.SetEnvironmentVariable(env, Secret);
        try
        {
            var model = new ModelSpec("m", "openai", "http://127.0.0.1:9", "m", env, "local", null, null, null, GenerationParameters.Default);
            var caller = ModelCallers.Create(new EchoingKeyClient(Secret), model, null, null, new RetryOptions(0));
            var response = await caller.CallAsync([new ChatTurn("user", "hi")], model.Parameters, stream,
                new CallContext(null, null, Confidentiality.Public, CallPurpose.Arena), TestContext.Current.CancellationToken);
            Assert.Equal(SampleStatus.Error, response.Status);
            Assert.NotNull(response.Error);
            Assert.DoesNotContain(Secret, response.Error, StringComparison.Ordinal);
            Assert.Contains("***", response.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(env, null);
        }
    }
}
