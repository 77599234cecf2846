using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Engine.Metrics;

/// <summary>Samples of one run with the pricing that applied to it (null: unknown price).</summary>
public sealed record PricedSamples(IReadOnlyList<SampleRecord> Samples, Pricing? Pricing);

/// <summary>
/// Latency, throughput, tokens, cost and outcome counts of a run or a model. Latency percentiles
/// count every sample that reached the endpoint (errors included: a slow failure is still waited
/// for); policy-blocked samples made no call and are left out. Cost stays in the currency of the
/// price list; amounts in different currencies are listed separately, never converted. An answer
/// that came with no token usage (see <see cref="UsageUnknownSamples"/>) has an unknown cost and
/// throughput, never zero. Answers served from the response cache cost their nominal price in
/// <see cref="Costs"/> but nothing in <see cref="SpentCosts"/>.
/// </summary>
public sealed record EfficiencyMetrics
{
    /// <summary>Samples counted.</summary>
    public required int Samples { get; init; }

    /// <summary>Samples that reached the endpoint (the latency population).</summary>
    public required int Calls { get; init; }

    /// <summary>Latency percentiles in milliseconds (0 when there were no calls).</summary>
    public required double LatencyP50Ms { get; init; }

    /// <inheritdoc cref="LatencyP50Ms"/>
    public required double LatencyP95Ms { get; init; }

    /// <inheritdoc cref="LatencyP50Ms"/>
    public required double LatencyP99Ms { get; init; }

    /// <summary>Latency quantiles 5/25/50/75/95/99 % for distribution charts.</summary>
    public required IReadOnlyList<double> LatencyQuantilesMs { get; init; }

    /// <summary>Time to first token p50, streaming samples only; null when no sample streamed.</summary>
    public required double? TtftP50Ms { get; init; }

    /// <summary>Time to first token p95, streaming samples only; null when no sample streamed.</summary>
    public required double? TtftP95Ms { get; init; }

    /// <summary>Samples that were sent (all but the policy-blocked ones): the denominator of per-item figures.</summary>
    public int SentSamples => Samples - Outcomes.BlockedByPolicy;

    /// <summary>
    /// Answered samples whose endpoint reported no token usage (both counts 0: an answered call
    /// always reads its prompt). Their tokens, cost and throughput are unknown, not zero.
    /// </summary>
    public required int UsageUnknownSamples { get; init; }

    /// <summary>Samples answered from the response cache (no call was made).</summary>
    public required int CacheHits { get; init; }

    /// <summary>Σ output tokens / Σ latency over answered samples with known usage; null when there is no time to divide by.</summary>
    public required double? OutputTokensPerSecond { get; init; }

    /// <summary>Total input tokens.</summary>
    public required long InputTokens { get; init; }

    /// <summary>Total output tokens.</summary>
    public required long OutputTokens { get; init; }

    /// <summary>Sum of scores (correct answers for binary scorers); errors score 0.</summary>
    public required double Correct { get; init; }

    /// <summary>Nominal cost per currency (what the answers are worth at list price, cached ones included), sorted by currency code; empty when no sample had a known price.</summary>
    public required IReadOnlyList<Money> Costs { get; init; }

    /// <summary>What was actually spent per currency: <see cref="Costs"/> without the answers served from the cache.</summary>
    public required IReadOnlyList<Money> SpentCosts { get; init; }

    /// <summary>Samples whose run had no pricing, so their cost is unknown.</summary>
    public required int UnpricedSamples { get; init; }

    /// <summary>Outcomes by kind.</summary>
    public required OutcomeCounts Outcomes { get; init; }

    /// <summary>Sent samples whose token usage is known (the denominator of per-item token figures).</summary>
    public int UsageKnownSamples => SentSamples - UsageUnknownSamples;

    /// <summary>Input + output tokens per sent sample with known usage (0 when nothing was sent; null when no usage is known).</summary>
    public double? TokensPerItem => SentSamples == 0 ? 0 : UsageKnownSamples == 0 ? null : (double)(InputTokens + OutputTokens) / UsageKnownSamples;

    /// <summary>Output tokens per sent sample with known usage (0 when nothing was sent; null when no usage is known).</summary>
    public double? OutputTokensPerItem => SentSamples == 0 ? 0 : UsageKnownSamples == 0 ? null : (double)OutputTokens / UsageKnownSamples;

    /// <summary>True when no sent sample reported usage, so token totals are unknown (not 0).</summary>
    public bool TokensUnknown => SentSamples > 0 && UsageKnownSamples == 0;

    /// <summary>The cost when it is fully known and in one currency; otherwise null.</summary>
    public Money? SingleCost => Costs.Count == 1 && UnpricedSamples == 0 && UsageUnknownSamples == 0 ? Costs[0] : null;

    /// <summary>What was spent, when <see cref="SingleCost"/> is known.</summary>
    public Money? SingleSpentCost => SingleCost is { } c ? SpentCosts.Count == 1 ? SpentCosts[0] : c with { Amount = 0 } : null;

    /// <summary>True when priced samples were in more than one currency.</summary>
    public bool MixedCurrencies => Costs.Count > 1;

    /// <summary>Cost per sample, when the cost is known in one currency.</summary>
    public Money? CostPerItem => SingleCost is { } c && SentSamples > 0 ? c with { Amount = c.Amount / SentSamples } : null;

    /// <summary>Cost per correct answer, when the cost is known in one currency and something was correct.</summary>
    public Money? CostPerCorrect => SingleCost is { } c && Correct > 0 ? c with { Amount = c.Amount / (decimal)Correct } : null;

    /// <summary>Computes the metrics over one or more runs.</summary>
    public static EfficiencyMetrics Compute(IEnumerable<PricedSamples> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var tally = new EfficiencyTally(keepLatencies: true);
        foreach (var run in runs)
        {
            foreach (var s in run.Samples) tally.Add(s, run.Pricing);
        }

        return tally.ToMetrics();
    }

    /// <summary>
    /// True when an answered sample carries no token usage. The stored record has no separate flag, and
    /// a real answer always reads a prompt, so 0 input and 0 output tokens means "not reported".
    /// </summary>
    public static bool UsageUnknown(SampleRecord sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.Response.Status == SampleStatus.Ok && sample.Response.Usage is { Input: 0, Output: 0 };
    }
}
