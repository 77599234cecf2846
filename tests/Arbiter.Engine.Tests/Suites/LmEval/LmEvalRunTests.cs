using Arbiter.Core.Runs;
using Arbiter.Engine.Suites;
using Arbiter.Engine.Tests.Runner;
using Arbiter.Simulator;

namespace Arbiter.Engine.Tests.Suites.LmEval;

public sealed class LmEvalRunTests
{
    [Fact]
    public async Task An_imported_multiple_choice_task_runs_end_to_end_against_the_simulator()
    {
        var suite = Assert.Single(SuiteFiles.Load(LmEvalFileTests.Fixture("my_arc.yaml")).Suites);
        await using var h = await SimHarness.StartAsync(profile: SimModelProfile.Simple("sim-test", 1.0), suite: suite);
        var (runs, _) = await h.RunAsync(h.Model());
        var run = Assert.Single(runs);
        Assert.Equal((RunStatus.Completed, "my_arc"), (run.Status, run.SuiteId));
        var samples = await h.SamplesAsync(run.RunId);
        Assert.Equal(4, samples.Count);
        // A perfect simulated model recognises the rendered lm-eval prompt and answers each letter.
        Assert.All(samples, s => Assert.Equal(1, s.Score!.Value));
    }
}
