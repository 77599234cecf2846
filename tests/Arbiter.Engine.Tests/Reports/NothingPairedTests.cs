using Arbiter.Engine.Reports;
using Arbiter.Statistics.Bootstrap;
using static Arbiter.Engine.Tests.Reports.ReportFixture;

namespace Arbiter.Engine.Tests.Reports;

/// <summary>Two runs of one suite that share no answered item compare nothing: no p = 1.000 from zero pairs.</summary>
public sealed class NothingPairedTests
{
    private static readonly BootstrapOptions Fast = new() { Rounds = 100, Seed = 3 };

    [Fact]
    public void Runs_of_one_suite_with_no_common_sample_have_no_pairs()
    {
        var suite = FixtureSuites[0];
        var set = ComparisonBuilder.Build([Run(Models[0], suite, 1, keep: i => i % 2 == 0), Run(Models[1], suite, 1, keep: i => i % 2 == 1)], Fast);

        Assert.False(set.HasPairs);
    }

    [Fact]
    public void Empty_runs_of_one_suite_have_no_pairs()
    {
        var suite = FixtureSuites[0];
        var set = ComparisonBuilder.Build([Run(Models[0], suite, 1, keep: _ => false), Run(Models[1], suite, 1, keep: _ => false)], Fast);

        Assert.False(set.HasPairs);
    }
}
