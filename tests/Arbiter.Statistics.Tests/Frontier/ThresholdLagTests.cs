using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Frontier;

namespace Arbiter.Statistics.Tests.Frontier;

public sealed class ThresholdLagTests
{
    private static int D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).DayNumber;

    // The worked example: reference 0.50 (2024-01-01), 0.60 (2024-04-01), 0.70 (2024-10-01);
    // group 0.55 (2024-07-01), 0.65 (2025-01-01); as of 2025-03-01.
    private static readonly ScoredRelease[] Reference = [new(D("2024-01-01"), 0.50, 0), new(D("2024-04-01"), 0.60, 1), new(D("2024-10-01"), 0.70, 2)];
    private static readonly ScoredRelease[] Group = [new(D("2024-07-01"), 0.55, 3), new(D("2025-01-01"), 0.65, 4)];

    [Fact]
    public void Worked_example_is_exact_to_the_day()
    {
        Assert.Equal(151, ThresholdLag.CurrentLag(Group, Reference, D("2025-03-01")));
        var lags = ThresholdLag.RecordLags(Group, Reference, D("2025-03-01"));
        Assert.Equal([91, 92], lags.Select(l => l.LagDays));
        Assert.Equal([D("2024-04-01"), D("2024-10-01")], lags.Select(l => l.ReferenceDay!.Value));
        Assert.All(lags, l => Assert.False(l.Censored));
        Assert.Equal(91.5, ThresholdLag.MedianLag(lags));
    }

    [Fact]
    public void Row_order_does_not_change_anything()
    {
        var asOf = D("2025-03-01");
        Assert.Equal(ThresholdLag.RecordLags(Group, Reference, asOf), ThresholdLag.RecordLags(Group.Reverse(), Reference.Reverse(), asOf));
    }

    [Fact]
    public void A_score_the_reference_never_reached_is_censored_not_dropped()
    {
        ScoredRelease[] group = [.. Group, new(D("2025-02-01"), 0.80, 5)];
        var asOf = D("2025-03-01");
        var lags = ThresholdLag.RecordLags(group, Reference, asOf);
        Assert.Equal(3, lags.Count);
        var last = lags[^1];
        Assert.True(last.Censored);
        Assert.Null(last.ReferenceDay);
        Assert.Equal(-28, last.LagDays); // at least 28 days ahead: the reference had not got there by the as-of day
        Assert.Equal(0, ThresholdLag.CurrentLag(group, Reference, asOf)); // the group leads
    }

    [Fact]
    public void Getting_there_first_gives_a_negative_lag_and_later_models_are_ignored()
    {
        ScoredRelease[] group = [new(D("2024-02-01"), 0.58, 7), new(D("2025-06-01"), 0.99, 8)];
        var lags = ThresholdLag.RecordLags(group, Reference, D("2025-03-01"));
        var only = Assert.Single(lags);
        Assert.Equal(D("2024-02-01") - D("2024-04-01"), only.LagDays);
        Assert.Equal(-60, only.LagDays);
    }

    [Fact]
    public void Same_day_models_make_one_record_and_ties_go_to_the_lower_id()
    {
        ScoredRelease[] group = [new(D("2024-07-01"), 0.55, 9), new(D("2024-07-01"), 0.52, 1), new(D("2024-07-01"), 0.55, 4)];
        var records = ThresholdLag.Records(group, D("2025-01-01"));
        Assert.Equal(4, Assert.Single(records).Id);
    }

    [Fact]
    public void Bootstrap_point_estimates_match_the_direct_computation_and_the_seed_fixes_the_interval()
    {
        var asOf = D("2025-03-01");
        LagSeries[] series = [new(Group, Reference), new([new(D("2024-05-01"), 0.5, 10), new(D("2024-12-01"), 0.75, 11)], Reference)];
        var options = new BootstrapOptions { Rounds = 500, Seed = 7 };
        var a = FrontierLagBootstrap.Compute(series, asOf, options);
        Assert.Equal(91.5, a.PerSeries[0].PointEstimate);
        var second = ThresholdLag.MedianLag(ThresholdLag.RecordLags(series[1].Group, series[1].Reference, asOf));
        Assert.Equal(second, a.PerSeries[1].PointEstimate);
        Assert.Equal(Quantiles.Linear([91.5, second], 0.5), a.Overall.PointEstimate);
        Assert.True(a.Overall.Interval.Lower <= a.Overall.PointEstimate && a.Overall.PointEstimate <= a.Overall.Interval.Upper);
        Assert.True(a.Overall.Interval.Upper > a.Overall.Interval.Lower);

        var reordered = FrontierLagBootstrap.Compute([new([.. Group.Reverse()], [.. Reference.Reverse()]), series[1]], asOf, options with { MaxDegreeOfParallelism = 1 });
        Assert.Equal(a.Overall.Replicates, reordered.Overall.Replicates);
        Assert.Equal(a.PerSeries[0].Replicates, reordered.PerSeries[0].Replicates);
        Assert.NotEqual(a.Overall.Replicates, FrontierLagBootstrap.Compute(series, asOf, options with { Seed = 8 }).Overall.Replicates);
    }

    [Fact]
    public void Bootstrap_replicates_lie_within_the_possible_lags()
    {
        // Every resample keeps at least one model per side, so each replicate is a median of real record lags.
        var asOf = D("2025-03-01");
        var result = FrontierLagBootstrap.Compute([new(Group, Reference)], asOf, new BootstrapOptions { Rounds = 300, Seed = 1 });
        var min = D("2024-07-01") - asOf;
        var max = D("2025-01-01") - D("2024-01-01");
        Assert.All(result.PerSeries[0].Replicates, r => Assert.InRange(r, min, max));
    }
}
