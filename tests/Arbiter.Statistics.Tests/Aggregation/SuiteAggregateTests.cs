using Arbiter.Statistics.Aggregation;
using Arbiter.Statistics.Intervals;

namespace Arbiter.Statistics.Tests.Aggregation;

public sealed class SuiteAggregateTests
{
    [Fact]
    public void Size_weighted_mean_with_pooled_standard_error()
    {
        SuiteAggregate aggregate = SuiteAggregate.Aggregate(
        [
            new SubsuiteSummary("math", 100, 0.8, 0.04),
            new SubsuiteSummary("code", 300, 0.6, 0.03),
        ]);

        Assert.Equal(400, aggregate.Count);
        Assert.Equal(0.65, aggregate.Mean, 1e-15);
        Assert.Equal(Math.Sqrt((0.25 * 0.04 * 0.25 * 0.04) + (0.75 * 0.03 * 0.75 * 0.03)), aggregate.StandardError, 1e-15);
        Assert.Equal(0.65 + (1.959963984540054 * aggregate.StandardError), aggregate.Interval.Upper, 1e-12);
    }

    [Fact]
    public void A_single_part_is_returned_unchanged()
    {
        ProportionEstimate p = ProportionEstimate.FromCounts(30, 40);
        SuiteAggregate aggregate = SuiteAggregate.Aggregate([SubsuiteSummary.From("only", p)]);

        Assert.Equal(p.Mean, aggregate.Mean);
        Assert.Equal(p.StandardError, aggregate.StandardError);
    }

    [Fact]
    public void Empty_aggregate_is_defined()
    {
        SuiteAggregate aggregate = SuiteAggregate.Aggregate([new SubsuiteSummary("none", 0, 0, 0)]);

        Assert.True(aggregate.IsEmpty);
        Assert.Equal(0, aggregate.Mean);
        Assert.Throws<ArgumentException>(() => SuiteAggregate.Aggregate([new SubsuiteSummary("bad", -1, 0, 0)]));
    }
}
