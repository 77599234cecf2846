using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Engine.Metrics;

namespace Arbiter.Engine.Tests.Reports;

public sealed class MetricsTests
{
    private static SampleRecord Sample(int i, double latency, SampleStatus status = SampleStatus.Ok, ErrorKind kind = ErrorKind.None, double? ttft = null, double score = 1, long output = 10) =>
        new("r", $"i{i:D3}", 0, new ModelResponse("x", null, "stop", new TokenUsage(100, output), latency, ttft, 1, status, kind, null),
            status == SampleStatus.Ok ? new ScoreResult(score, null, "") : null, null, false, 0);

    [Fact]
    public void Latency_percentiles_use_linear_interpolation_and_skip_policy_blocks()
    {
        var samples = Enumerable.Range(1, 100).Select(i => Sample(i, i)).Append(Sample(101, 1e6, SampleStatus.BlockedByPolicy)).ToList();
        var m = EfficiencyMetrics.Compute([new PricedSamples(samples, null)]);
        Assert.Equal(100, m.Calls);
        Assert.Equal(50.5, m.LatencyP50Ms, 9);
        Assert.Equal(95.05, m.LatencyP95Ms, 9);
        Assert.Equal(99.01, m.LatencyP99Ms, 9);
        Assert.Null(m.TtftP50Ms);
        Assert.Equal(1, m.Outcomes.BlockedByPolicy);
    }

    [Fact]
    public void Ttft_and_throughput_come_from_streaming_answered_samples()
    {
        var samples = new[] { Sample(1, 1000, ttft: 100, output: 50), Sample(2, 3000, ttft: 300, output: 150), Sample(3, 500, SampleStatus.Error, ErrorKind.Transient, output: 0) };
        var m = EfficiencyMetrics.Compute([new PricedSamples(samples, null)]);
        Assert.Equal(200, m.TtftP50Ms!.Value, 9);
        Assert.Equal(50, m.OutputTokensPerSecond!.Value, 9); // 200 tokens over 4 s; the failed call is not throughput
        Assert.Equal(1, m.Outcomes.TransientErrors);
        Assert.Equal((300 + 200) / 3.0, m.TokensPerItem!.Value, 9);
    }

    [Fact]
    public void Cost_stays_in_its_currency_and_cost_per_correct_divides_by_correct_answers()
    {
        var pricing = new Pricing(1000m, 2000m, "RUB");
        var samples = new[] { Sample(1, 10), Sample(2, 10, score: 0), Sample(3, 10), Sample(4, 10, SampleStatus.ContentFilter, ErrorKind.ContentFilter) };
        var m = EfficiencyMetrics.Compute([new PricedSamples(samples, pricing)]);
        var total = 4 * pricing.CostOf(100, 10);
        Assert.Equal(new Money(total, "RUB"), m.SingleCost);
        Assert.Equal(total / 2, m.CostPerCorrect!.Value.Amount);
        Assert.Equal(1, m.Outcomes.ContentFilter);
    }

    [Fact]
    public void Mixed_currencies_are_listed_apart_and_unknown_pricing_is_not_zero()
    {
        var usd = EfficiencyMetrics.Compute([new PricedSamples([Sample(1, 10)], new Pricing(1, 1, "USD")), new PricedSamples([Sample(2, 10)], new Pricing(1, 1, "CNY"))]);
        Assert.True(usd.MixedCurrencies);
        Assert.Equal(["CNY", "USD"], usd.Costs.Select(c => c.Currency));
        Assert.Null(usd.SingleCost);
        Assert.Null(usd.CostPerCorrect);
        var unknown = EfficiencyMetrics.Compute([new PricedSamples([Sample(1, 10)], null)]);
        Assert.Empty(unknown.Costs);
        Assert.Equal(1, unknown.UnpricedSamples);
        Assert.Null(unknown.CostPerItem);
        Assert.Equal("unknown", Engine.Reports.Fmt.Costs(unknown));
    }

    [Fact]
    public void No_samples_give_zeros_and_nulls_not_NaN()
    {
        var m = EfficiencyMetrics.Compute([new PricedSamples([], new Pricing(1, 1, "USD"))]);
        Assert.Equal(0, m.LatencyP99Ms);
        Assert.Null(m.OutputTokensPerSecond);
        Assert.Equal(0, m.TokensPerItem);
        Assert.Null(m.CostPerCorrect);
        Assert.All(m.LatencyQuantilesMs, q => Assert.Equal(0, q));
    }

    [Fact]
    public void Pricing_and_title_are_read_from_the_run_config_and_damaged_config_is_tolerated()
    {
        var p = RunPricing.Read("""{"pricing":{"InputPerMillion":2.50,"OutputPerMillion":10.00,"Currency":"USD"},"suite":{"Title":"Банки"}}""");
        Assert.Equal(new Pricing(2.5m, 10m, "USD"), p);
        Assert.Equal("Банки", RunPricing.SuiteTitle("""{"suite":{"Title":"Банки"}}"""));
        Assert.Null(RunPricing.Read("""{"pricing":null}"""));
        Assert.Null(RunPricing.Read("not json"));
    }
}
