using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Engine.Metrics;
using Arbiter.Statistics.Paired;

namespace Arbiter.Engine.Reports;

/// <summary>A run with all of its samples, as reports and comparisons read it.</summary>
/// <param name="Run">The run.</param>
/// <param name="Samples">Its samples in item/epoch order.</param>
public sealed record RunData(RunRecord Run, IReadOnlyList<SampleRecord> Samples)
{
    /// <summary>The run's pricing, or null when unknown.</summary>
    public Pricing? Pricing { get; } = RunPricing.Read(Run.ConfigJson);

    /// <summary>The suite's human title (may be Cyrillic or Chinese), else its id.</summary>
    public string SuiteTitle { get; } = RunPricing.SuiteTitle(Run.ConfigJson) ?? Run.SuiteId;

    /// <summary>Each sample's score for pairing: errors, refusals and unscored samples count 0.</summary>
    public IEnumerable<ScoredSample> Scored() =>
        Samples.Select(s => new ScoredSample(s.ItemId, s.Epoch, Math.Clamp(s.Score?.Value ?? 0, 0, 1)));

    /// <summary>Sum of scores.</summary>
    public double Correct => Samples.Sum(s => Math.Clamp(s.Score?.Value ?? 0, 0, 1));

    /// <summary>The samples with their pricing, for <see cref="EfficiencyMetrics"/>.</summary>
    public PricedSamples Priced => new(Samples, Pricing);
}
