using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Engine.Metrics;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Reports.Html;
using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Intervals;
using Arbiter.Statistics.Paired;

namespace Arbiter.Engine.Tests.Reports;

/// <summary>Issue 13 defects 2–4: epochs are clusters, policy blocks are not wrong answers, missing usage is unknown, cache hits cost nothing.</summary>
public sealed class EpochsBlockedUsageTests
{
    private static readonly BootstrapOptions Fast = new() { Rounds = 200, Seed = 3, MaxDegreeOfParallelism = 1 };
    private static readonly Pricing Usd = new(1_000_000m, 1_000_000m, "USD"); // 1 USD per token: easy sums

    private static SampleRecord Sample(string run, string item, int epoch, double? score, SampleStatus status = SampleStatus.Ok, TokenUsage? usage = null, bool cacheHit = false)
    {
        var u = usage ?? (status == SampleStatus.Ok ? new TokenUsage(10, 2) : default);
        var response = new ModelResponse(status == SampleStatus.Ok ? "A" : null, null, "stop", u, status == SampleStatus.BlockedByPolicy ? 0 : 1000, null,
            status == SampleStatus.BlockedByPolicy ? 0 : 1, status, ErrorKind.None, status == SampleStatus.BlockedByPolicy ? "blocked by policy" : null);
        return new SampleRecord(run, item, epoch, response, score is { } s ? new ScoreResult(s, "A", "t") : null,
            status == SampleStatus.Ok ? Usd.CostOf(u.Input, u.Output) : null, cacheHit, 0);
    }

    private static RunData Run(string model, IEnumerable<SampleRecord> samples, int epochs = 1, string suite = "s") =>
        new(new RunRecord("r-" + model, "h", suite, "1", model, "d", "en", 10, epochs, RunStatus.Completed, 0, 1)
        {
            ConfigJson = JsonSerializer.Serialize(new { pricing = Usd }),
        }, [.. samples]);

    /// <summary>10 items × 5 epochs, each item answered the same way every time; <paramref name="right"/> says which items are right.</summary>
    private static RunData Consistent(string model, Func<int, bool> right) =>
        Run(model, Enumerable.Range(0, 10).SelectMany(i => Enumerable.Range(0, 5).Select(e => Sample("r-" + model, $"q{i}", e, right(i) ? 1 : 0))), epochs: 5);

    [Fact]
    public void Epochs_do_not_multiply_n_the_interval_counts_items()
    {
        var run = Consistent("m", i => i < 6);

        var score = ReportBuilder.Pool([run]);

        Assert.Equal(10, score.Count);
        Assert.Equal(ProportionEstimate.FromCounts(6, 10).Interval, score.Interval);
        Assert.NotEqual(ProportionEstimate.FromCounts(30, 50).Interval, score.Interval);
    }

    [Fact]
    public void Comparisons_pair_items_not_epochs()
    {
        var a = Consistent("a", i => i < 4 || i >= 7);
        var b = Consistent("b", i => i >= 7);

        var pair = Assert.Single(Assert.Single(ComparisonBuilder.Build([a, b], Fast).Groups).Pairs);

        Assert.Equal(50, pair.Comparison.PairedCount);
        Assert.Equal(10, pair.Comparison.ItemCount);
        Assert.Equal(PairedTestKind.PairedT, pair.Comparison.TestKind);
        Assert.Equal((4, 0), (pair.Comparison.WinsA, pair.Comparison.WinsB));
        Assert.True(pair.Comparison.PValue > 0.03, "epochs counted as pairs give p ≈ 2e-6");
    }

    [Fact]
    public void Consistency_across_epochs_is_reported_in_json_html_and_markdown()
    {
        // q0..q2 always right, q3 right in 2 of 3 epochs, q4 in 1 of 3, q5 never.
        int[] rightEpochs = [3, 3, 3, 2, 1, 0];
        var run = Run("m", rightEpochs.SelectMany((k, i) => Enumerable.Range(0, 3).Select(e => Sample("r-m", $"q{i}", e, e < k ? 1 : 0))), epochs: 3);

        var report = ReportBuilder.Build([run], new ReportOptions(), Fast);
        var c = Assert.Single(report.ModelSummaries).Consistency;

        Assert.Equal((3, 2, 1), (c.Always, c.Sometimes, c.Never));
        Assert.Equal(4, c.MajorityCorrect);
        using var json = JsonDocument.Parse(JsonReportWriter.Render(report));
        var model = json.RootElement.GetProperty("models")[0];
        Assert.Equal(6, model.GetProperty("items").GetInt32());
        Assert.Equal(18, model.GetProperty("samples").GetInt32());
        var epochs = model.GetProperty("epochs");
        Assert.Equal(3, epochs.GetProperty("always").GetInt32());
        Assert.Equal(2, epochs.GetProperty("sometimes").GetInt32());
        Assert.Equal(1, epochs.GetProperty("never").GetInt32());
        Assert.Equal(0.666667, epochs.GetProperty("majorityVoteAccuracy").GetDouble(), 1e-9);
        Assert.Contains("always / sometimes / never correct", HtmlReportWriter.Render(report), StringComparison.Ordinal);
        Assert.Contains("3 / 2 / 1", HtmlReportWriter.Render(report), StringComparison.Ordinal);
        Assert.Contains("3 / 2 / 1", MarkdownReportWriter.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_blocked_samples_are_not_wrong_answers_and_are_not_paired()
    {
        // 13 items: 11 never sent (blocked), 2 answered correctly.
        var blocked = Run("eu", Enumerable.Range(0, 13).Select(i => i < 11
            ? Sample("r-eu", $"q{i:D2}", 0, null, SampleStatus.BlockedByPolicy)
            : Sample("r-eu", $"q{i:D2}", 0, 1)));
        var other = Run("ru", Enumerable.Range(0, 13).Select(i => Sample("r-ru", $"q{i:D2}", 0, i % 2)));

        var report = ReportBuilder.Build([blocked, other], new ReportOptions(), Fast);
        var eu = report.ModelSummaries.Single(m => m.Model == "eu");

        Assert.Equal(2, eu.Score.Count);
        Assert.Equal(1.0, eu.Score.Mean);
        Assert.Equal(11, eu.BlockedByPolicy);
        Assert.Equal(11, report.Runs.Single(r => r.Model == "eu").BlockedByPolicy);
        var pair = report.Comparisons.Groups.Single().Pairs.Single();
        Assert.Equal(2, pair.Comparison.PairedCount);
        Assert.Equal(11, report.Comparisons.BlockedByPolicy["eu"]);
        Assert.Contains(report.Notices, n => n.Contains("eu: blocked by policy (11)", StringComparison.Ordinal));
        Assert.Contains("blocked by policy (11)", HtmlReportWriter.Render(report), StringComparison.Ordinal);
        Assert.Contains("blocked by policy (11)", MarkdownReportWriter.Comparisons(report.Comparisons), StringComparison.Ordinal);
        using var compare = JsonDocument.Parse(CompareJsonWriter.Render(report.Comparisons));
        Assert.Equal(11, compare.RootElement.GetProperty("blockedByPolicy").GetProperty("eu").GetInt32());
        using var json = JsonDocument.Parse(JsonReportWriter.Render(report));
        Assert.Equal(11, json.RootElement.GetProperty("models")[0].GetProperty("blockedByPolicy").GetInt32());
    }

    [Fact]
    public void A_run_whose_every_sample_was_blocked_has_no_score_not_zero()
    {
        var run = Run("eu", Enumerable.Range(0, 3).Select(i => Sample("r-eu", $"q{i}", 0, null, SampleStatus.BlockedByPolicy)));

        var result = RunResults.From(run);

        Assert.True(result.Accuracy.IsEmpty);
        Assert.Equal(3, result.BlockedByPolicy);
        Assert.Equal("–", Fmt.ScoreCi(result.Accuracy));
    }

    [Fact]
    public void Missing_usage_is_unknown_cost_and_throughput_not_zero()
    {
        var run = Run("nousage", Enumerable.Range(0, 4).Select(i => Sample("r-nousage", $"q{i}", 0, 1, usage: new TokenUsage(0, 0))));

        var e = EfficiencyMetrics.Compute([run.Priced]);

        Assert.Equal(4, e.UsageUnknownSamples);
        Assert.Null(e.OutputTokensPerSecond);
        Assert.Empty(e.Costs);
        Assert.Null(e.TokensPerItem);
        Assert.Equal("unknown", Fmt.Costs(e));
        var result = RunResults.From(run);
        Assert.Null(result.Cost);
        Assert.True(result.TokensUnknown);
        using var json = JsonDocument.Parse(JsonReportWriter.Render(ReportBuilder.Build([run], new ReportOptions(), Fast)));
        var m = json.RootElement.GetProperty("models")[0];
        Assert.Equal(JsonValueKind.Null, m.GetProperty("outputTokensPerSecond").ValueKind);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("inputTokens").ValueKind);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("costPerItem").ValueKind);
        Assert.Equal(4, m.GetProperty("usageUnknownSamples").GetInt32());
    }

    [Fact]
    public void Partly_missing_usage_leaves_the_known_part_and_says_the_rest_is_unknown()
    {
        var run = Run("some", [Sample("r-some", "q0", 0, 1), Sample("r-some", "q1", 0, 1, usage: new TokenUsage(0, 0))]);

        var e = EfficiencyMetrics.Compute([run.Priced]);

        Assert.Equal(new Money(12m, "USD"), Assert.Single(e.Costs));
        Assert.Null(e.SingleCost);
        Assert.Equal("12 USD + unknown", Fmt.Costs(e));
        Assert.Equal(12, e.TokensPerItem);
    }

    [Fact]
    public void Cache_hits_show_what_was_actually_spent_next_to_the_nominal_cost()
    {
        var run = Run("cached", Enumerable.Range(0, 4).Select(i => Sample("r-cached", $"q{i}", 0, 1, cacheHit: i < 3)));

        var e = EfficiencyMetrics.Compute([run.Priced]);

        Assert.Equal(new Money(48m, "USD"), e.SingleCost);
        Assert.Equal(new Money(12m, "USD"), Assert.Single(e.SpentCosts));
        Assert.Equal(3, e.CacheHits);
        Assert.Equal("48 USD (spent 12 USD; 3 from cache)", Fmt.Costs(e));
        var result = RunResults.From(run);
        Assert.Equal(48m, result.Cost);
        Assert.Equal(12m, result.SpentCost);
        Assert.Equal(3, result.CacheHits);
    }
}
