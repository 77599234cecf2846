using System.Globalization;
using System.Text;
using Arbiter.Core.Runs;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Suites;
using Arbiter.Simulator;

namespace Arbiter.Engine.Tests.Runner;

/// <summary>Issue 18: a suite file read on demand (never held as a list) resumes and is answered from the cache as a list is.</summary>
public sealed class StreamedSuiteFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-streamed-").FullName;

    private string WriteSuite(int count)
    {
        var path = Path.Combine(_dir, "streamed.jsonl");
        var text = new StringBuilder();
        for (int i = 1; i <= count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $$$"""{"id":"f-{{{i}}}","input":"What is {{{i}}} times 7? (item {{{i}}})","target":"{{{i * 7}}}","metadata":{"answerType":"numeric"}}""").Append('\n');
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task An_interrupted_run_of_a_streamed_file_resumes_then_a_fresh_run_is_answered_from_the_cache()
    {
        var ct = TestContext.Current.CancellationToken;
        var suite = SuiteLoader.Load(WriteSuite(5 * JsonlFileItems.Stride + 13));
        Assert.IsType<JsonlFileItems>(suite.Items);
        int count = suite.Items.Count;
        await using var h = await SimHarness.StartAsync(profile: SimModelProfile.Simple("sim-test", 0.7, meanLatencyMs: 2), suite: suite);
        var options = new RunOptions(Retry: SimHarness.FastRetry());
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var monitor = new RunMonitor();
            var first = new EvaluationRunner(h.Store, new Providers.ChatClientFactory()).RunAsync([new RunJob(suite, h.Model(concurrency: 4))], options, monitor, cts.Token);
            while (monitor.Done < count / 2 && !first.IsCompleted) await Task.Delay(5, ct);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        }

        var runId = RunKeys.RunId(RunKeys.SpecHash(suite, suite.Items, h.Model(), h.Model().Parameters, 1));
        int stored = (await h.SamplesAsync(runId)).Count;
        Assert.InRange(stored, count / 2, count - 1);

        var (runs, resumed) = await h.RunAsync(h.Model(concurrency: 4), options, ct);

        var samples = await h.SamplesAsync(runId);
        Assert.Equal(RunStatus.Completed, runs[0].Status);
        Assert.Equal(Enumerable.Range(1, count).Select(i => "f-" + i.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal),
            samples.Select(s => s.ItemId).Order(StringComparer.Ordinal));
        Assert.Equal(stored, resumed.Skipped);
        Assert.Equal(count - stored, resumed.Total);

        h.Server.ResetStats();
        var (fresh, _) = await h.RunAsync(h.Model(concurrency: 4), options with { Fresh = true }, ct);

        Assert.Equal(RunStatus.Completed, fresh[0].Status);
        Assert.Equal(0, h.Server.Stats.TotalChatRequests);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
