using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Suites;
using Arbiter.Storage;

namespace Arbiter.Engine.Tests.Suites.LmEval;

/// <summary>
/// lm-eval's <c>generation_kwargs.until</c> reaches the server as the request's <c>stop</c> (OpenAI Chat Completions:
/// <c>stop</c>, "Up to 4 sequences where the API will stop generating further tokens", openai/openai-openapi
/// CreateChatCompletionRequest). A handler records the request body; nothing leaves the process.
/// </summary>
public sealed class LmEvalStopTests
{
    [Fact]
    public async Task Until_is_sent_as_stop_after_the_models_own_stop_sequences()
    {
        var suite = Assert.Single(SuiteFiles.Load(LmEvalFileTests.Fixture("my_gsm8k.yaml")).Suites);
        Assert.Equal(["Question:", "</s>", "<|im_end|>"], suite.Stop);
        suite = suite with { Items = [suite.Items[0]] };
        var model = new ModelSpec("m", "openai", "http://127.0.0.1:1/v1", "m", null, "local", null, null, null, new GenerationParameters(Stop: ["\n\n\n", "</s>"]));

        var handler = new RecordingHandler();
        using var clients = new ChatClientFactory(handler);
        var dir = Directory.CreateTempSubdirectory("arbiter-stop-").FullName;
        await using (var store = RunStoreFactory.Open(null, Path.Combine(dir, "arbiter.db")))
        {
            await store.MigrateAsync(TestContext.Current.CancellationToken);
            var runs = await new EvaluationRunner(store, clients).RunAsync([new RunJob(suite, model)], new RunOptions(Retry: new RetryOptions(0)), new RunMonitor(),
                TestContext.Current.CancellationToken);
            Assert.Equal(RunStatus.Completed, runs[0].Status);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
        var body = JsonNode.Parse(Assert.Single(handler.Bodies))!.AsObject();
        // The model's own first, then the task's, without repeats, at most four.
        Assert.Equal(["\n\n\n", "</s>", "Question:", "<|im_end|>"], body["stop"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Stop_sequences_are_part_of_the_request_identity_and_capped_at_four()
    {
        var model = new ModelSpec("m", "openai", "http://127.0.0.1:1/v1", "m", null, "local", null, null, null, GenerationParameters.Default);
        var suite = Assert.Single(SuiteFiles.Load(LmEvalFileTests.Fixture("my_gsm8k.yaml")).Suites);
        Assert.Equal(suite.Stop, RunKeys.ParametersFor(model, suite).Stop);
        Assert.Same(model.Parameters, RunKeys.ParametersFor(model, suite with { Stop = null }));
        Assert.Equal(["a", "b", "c", "d"], RunKeys.ParametersFor(model, suite with { Stop = ["a", "b", "c", "d", "e"] }).Stop);
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sent = await request.Content!.ReadAsStringAsync(cancellationToken);
            lock (Bodies) Bodies.Add(sent);
            const string body = """
                {"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"The answer is 18"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
                """;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
