using Arbiter.Core.Runs;
using Arbiter.Engine.Metrics;
using Arbiter.Statistics.Intervals;
using Arbiter.Statistics.Paired;

namespace Arbiter.Engine.Reports;

/// <summary>
/// A <see cref="RunResult"/> computed one sample at a time, holding counters instead of samples. Samples
/// must come in item order (each item's epochs together), as <see cref="Core.Storage.IRunStore.ReadSamplesAsync"/>
/// yields them. The figures are those of <see cref="ItemScores"/> and <see cref="EpochConsistency"/> over the
/// sent samples (each item's mean over its epochs; a sample is right at score ≥ 1), summed in the same order.
/// </summary>
internal sealed class RunTally(RunRecord run)
{
    private readonly Core.Models.Pricing? _pricing = RunPricing.Read(run.ConfigJson);
    private readonly EfficiencyTally _efficiency = new(keepLatencies: false);
    private int _samples, _blocked, _sent, _unscored;
    private double _latencySum;

    // The item being read: its score sum, epochs and right answers.
    private string? _item;
    private double _itemSum;
    private int _itemEpochs, _itemRight;

    // Closed items.
    private int _items, _always, _sometimes, _never, _majority, _maxEpochs;
    private double _meanSum, _agreement;
    private bool _inRange = true;

    public void Add(SampleRecord s)
    {
        _efficiency.Add(s, _pricing);
        _samples++;
        if (s.Response.Status == SampleStatus.BlockedByPolicy)
        {
            // Never sent: not scored, not an item of the accuracy (its other epochs may be).
            _blocked++;
            return;
        }

        _sent++;
        _latencySum += s.Response.LatencyMs;
        // A submission run's answers have no key here: no accuracy, never a 0 (as RunData.Scored).
        if (run.Kind == RunKind.Submission) return;
        // An answer left without a score (a rubric judge gave no verdict) counts 0, as errors do, and is counted.
        if (s.Response.Status == SampleStatus.Ok && s.Score is null) _unscored++;
        double score = Math.Clamp(s.Score?.Value ?? 0, 0, 1);
        if (!double.IsFinite(score)) throw new ArgumentException($"Score of {s.ItemId} (epoch {s.Epoch}) is not finite.", nameof(s));
        if (!string.Equals(_item, s.ItemId, StringComparison.Ordinal))
        {
            CloseItem();
            _item = s.ItemId;
        }

        _itemSum += score;
        _itemEpochs++;
        _itemRight += score >= 1 ? 1 : 0;
    }

    public RunResult ToResult()
    {
        CloseItem();
        var e = _efficiency.ToMetrics();
        var cost = e.Costs.Count == 1 ? e.Costs[0] : (Money?)null;
        if (!_inRange) throw new ArgumentException("Proportion scores must lie in [0, 1].");
        return new RunResult(run, ProportionEstimate.FromCounts(Math.Min(_meanSum, _items), _items), _samples, e.Outcomes.Errors, e.Outcomes.ContentFilter,
            e.InputTokens, e.OutputTokens, cost?.Amount, cost?.Currency, _sent == 0 ? 0 : _latencySum / _sent)
        {
            BlockedByPolicy = _blocked,
            Unscored = _unscored,
            UsageUnknownSamples = e.UsageUnknownSamples,
            TokensUnknown = e.TokensUnknown,
            CacheHits = e.CacheHits,
            SpentCost = cost is { } c ? e.SpentCosts.FirstOrDefault(x => x.Currency == c.Currency).Amount : null,
            CorrectSamples = e.Correct,
            Consistency = new EpochConsistency(_items, _maxEpochs, _always, _sometimes, _never, _majority, _items == 0 ? 0 : _agreement / _items),
        };
    }

    private void CloseItem()
    {
        if (_itemEpochs == 0) return;
        double mean = _itemSum / _itemEpochs;
        _meanSum += mean;
        _inRange &= mean is >= 0 and <= 1;
        _items++;
        _maxEpochs = Math.Max(_maxEpochs, _itemEpochs);
        if (_itemRight == _itemEpochs) _always++;
        else if (_itemRight == 0) _never++;
        else _sometimes++;
        if (2 * _itemRight > _itemEpochs) _majority++;
        _agreement += (double)Math.Max(_itemRight, _itemEpochs - _itemRight) / _itemEpochs;
        (_itemSum, _itemEpochs, _itemRight) = (0, 0, 0);
    }
}
