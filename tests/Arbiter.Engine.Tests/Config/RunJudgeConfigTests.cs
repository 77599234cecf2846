using Arbiter.Engine.Config;

namespace Arbiter.Engine.Tests.Config;

/// <summary><c>run.judge</c>: the default rubric judge, so <c>--judge</c> is optional.</summary>
public sealed class RunJudgeConfigTests
{
    private const string Models = "models:\n  - id: a\n    baseUrl: http://x\n    model: m\n  - id: big\n    baseUrl: http://x\n    model: m2\n";

    private static ArbiterConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "arbiter.yaml");

    [Fact]
    public void Run_judge_names_a_model_of_the_file_and_is_absent_by_default()
    {
        Assert.Equal("big", Parse(Models + "run:\n  judge: big\n").Run.Judge);
        Assert.Null(Parse(Models).Run.Judge);
    }

    [Fact]
    public void A_run_judge_that_is_not_a_model_is_an_error_at_its_line()
    {
        var ex = Assert.Throws<ConfigException>(() => Parse(Models + "run:\n  concurrency: 4\n  judge: nobody\n"));
        Assert.Equal(10L, ex.Line);
        Assert.Contains("run judge 'nobody' is not a model of this file; expected one of: a, big", ex.Message, StringComparison.Ordinal);
    }
}
