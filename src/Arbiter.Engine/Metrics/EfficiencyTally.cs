using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Engine.Metrics;

/// <summary>
/// <see cref="EfficiencyMetrics"/> computed one sample at a time, so a caller can stream a run's samples
/// from the store instead of holding them. Only the latency percentiles need a value per sample; a caller
/// that does not show them (the run summary) passes <c>keepLatencies: false</c> and holds a few counters.
/// </summary>
internal sealed class EfficiencyTally(bool keepLatencies)
{
    private readonly List<double> _latency = [];
    private readonly List<double> _ttft = [];
    private readonly SortedDictionary<string, decimal> _costs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, decimal> _spent = new(StringComparer.Ordinal);
    private OutcomeTally _outcomes;
    private int _samples, _calls, _unpriced, _usageUnknown, _cacheHits;
    private long _input, _output, _answeredOutput;
    private double _correct, _answeredSeconds;

    public void Add(SampleRecord s, Pricing? pricing)
    {
        _outcomes.Add(s);
        _samples++;
        var r = s.Response;
        if (r.Status == SampleStatus.BlockedByPolicy)
        {
            // Never sent: no score, no tokens, no cost, no latency.
            return;
        }

        _correct += Math.Clamp(s.Score?.Value ?? 0, 0, 1);
        if (s.CacheHit) _cacheHits++;
        var unknownUsage = EfficiencyMetrics.UsageUnknown(s);
        if (unknownUsage) _usageUnknown++;
        _input += r.Usage.Input;
        _output += r.Usage.Output;
        if (double.IsFinite(r.LatencyMs))
        {
            _calls++;
            if (keepLatencies) _latency.Add(r.LatencyMs);
        }

        if (keepLatencies && r.TimeToFirstTokenMs is { } t && double.IsFinite(t)) _ttft.Add(t);
        if (r.Status == SampleStatus.Ok && !unknownUsage && double.IsFinite(r.LatencyMs) && r.LatencyMs > 0)
        {
            _answeredOutput += r.Usage.Output;
            _answeredSeconds += r.LatencyMs / 1000.0;
        }

        if (pricing is not { } p)
        {
            _unpriced++;
        }
        else if (!unknownUsage)
        {
            var cost = s.Cost ?? p.CostOf(r.Usage.Input, r.Usage.Output);
            _costs[p.Currency] = _costs.GetValueOrDefault(p.Currency) + cost;
            if (!s.CacheHit) _spent[p.Currency] = _spent.GetValueOrDefault(p.Currency) + cost;
        }
    }

    /// <summary>The metrics so far (latency and time-to-first-token percentiles are 0/null unless latencies were kept).</summary>
    public EfficiencyMetrics ToMetrics()
    {
        double[] lat = [.. _latency];
        Array.Sort(lat);
        double[] first = [.. _ttft];
        Array.Sort(first);
        return new EfficiencyMetrics
        {
            Samples = _samples,
            Calls = _calls,
            LatencyP50Ms = Quantiles.LinearSorted(lat, 0.50),
            LatencyP95Ms = Quantiles.LinearSorted(lat, 0.95),
            LatencyP99Ms = Quantiles.LinearSorted(lat, 0.99),
            LatencyQuantilesMs = [.. new[] { 0.05, 0.25, 0.50, 0.75, 0.95, 0.99 }.Select(q => Quantiles.LinearSorted(lat, q))],
            TtftP50Ms = first.Length == 0 ? null : Quantiles.LinearSorted(first, 0.50),
            TtftP95Ms = first.Length == 0 ? null : Quantiles.LinearSorted(first, 0.95),
            OutputTokensPerSecond = _answeredSeconds > 0 ? _answeredOutput / _answeredSeconds : null,
            InputTokens = _input,
            OutputTokens = _output,
            Correct = _correct,
            Costs = [.. _costs.Select(kv => new Money(kv.Value, kv.Key))],
            SpentCosts = [.. _spent.Select(kv => new Money(kv.Value, kv.Key))],
            UsageUnknownSamples = _usageUnknown,
            CacheHits = _cacheHits,
            UnpricedSamples = _unpriced,
            Outcomes = _outcomes.ToCounts(),
        };
    }
}
