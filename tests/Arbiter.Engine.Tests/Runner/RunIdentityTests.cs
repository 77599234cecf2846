using Arbiter.Core.Runs;
using Arbiter.Engine.Runner;
using Arbiter.Simulator;

namespace Arbiter.Engine.Tests.Runner;

/// <summary>What makes two runs the same run (resumed) or different runs (each reported).</summary>
public sealed class RunIdentityTests
{
    [Fact]
    public async Task Two_model_entries_for_the_same_endpoint_and_model_get_a_run_each()
    {
        await using var h = await SimHarness.StartAsync(items: 10);
        var runner = new EvaluationRunner(h.Store, new Providers.ChatClientFactory());
        var a = h.Model();
        var b = h.Model() with { Id = "sim-test-again" };

        var runs = await runner.RunAsync([new RunJob(h.Suite, a), new RunJob(h.Suite, b)], new RunOptions(Retry: SimHarness.FastRetry()), new RunMonitor(), TestContext.Current.CancellationToken);

        Assert.Equal(2, runs.Select(r => r.RunId).Distinct().Count());
        Assert.Equal(["sim-test", "sim-test-again"], runs.Select(r => r.ModelId).Order(StringComparer.Ordinal));
        foreach (var run in runs) Assert.Equal(10, (await h.SamplesAsync(run.RunId)).Count);
    }

    [Fact]
    public async Task A_model_whose_id_is_its_model_name_keeps_the_run_id_it_always_had()
    {
        await using var h = await SimHarness.StartAsync(items: 5);
        var model = h.Model();
        var (runs, _) = await h.RunAsync(model);

        // The hash of earlier builds: no id, no streaming mode. Stored runs of that shape still resume.
        Assert.Equal(RunKeys.RunId(RunKeys.SpecHash(h.Suite, h.Suite.Items, model, model.Parameters, 1, Arbiter.Engine.Sovereignty.ResidencyPolicy.Default)), runs[0].RunId);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Changing_the_streaming_mode_starts_a_new_run_instead_of_resuming_the_old_one(bool stream, bool auto)
    {
        await using var h = await SimHarness.StartAsync(items: 6);
        var (plain, _) = await h.RunAsync(h.Model());
        var (streamed, _) = await h.RunAsync(h.Model(), new RunOptions(Stream: stream, Retry: SimHarness.FastRetry()) { StreamFallback = auto });

        Assert.NotEqual(plain[0].RunId, streamed[0].RunId);
        Assert.Equal(auto ? StreamMode.Auto : StreamMode.On, RunKeys.StreamModeOf(streamed[0].ConfigJson));
        Assert.Equal(StreamMode.Off, RunKeys.StreamModeOf(plain[0].ConfigJson));
    }

    [Theory]
    [InlineData(RunKind.AuditProbe)]
    [InlineData(RunKind.ArenaJudge)]
    public async Task The_run_kind_of_the_options_is_stored_on_the_run(RunKind kind)
    {
        await using var h = await SimHarness.StartAsync(items: 3);
        var (runs, _) = await h.RunAsync(h.Model(), new RunOptions(Retry: SimHarness.FastRetry()) { Kind = kind });

        Assert.Equal(kind, runs[0].Kind);
        Assert.Equal(kind, (await h.Store.GetRunAsync(runs[0].RunId, TestContext.Current.CancellationToken))!.Kind);
    }
}
