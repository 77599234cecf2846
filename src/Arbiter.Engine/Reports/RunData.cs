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

    /// <summary>Samples the residency policy kept from being sent: they have no answer, so they are neither scored nor paired.</summary>
    public int BlockedByPolicy { get; } = Samples.Count(s => s.Response.Status == SampleStatus.BlockedByPolicy);

    /// <summary>Answers without a score (a rubric judge gave no verdict): they count 0, and reports say how many.</summary>
    public int Unscored { get; } = Run.Kind == RunKind.Submission ? 0 : Samples.Count(s => s.Response.Status == SampleStatus.Ok && s.Score is null);

    /// <summary>
    /// Each sent sample's score for pairing: errors, refusals and unscored samples count 0; samples
    /// blocked by policy are left out (they were never asked, so they are not wrong answers).
    /// </summary>
    public IEnumerable<ScoredSample> Scored() =>
        // A submission run's answers have no key here: no accuracy, never a 0.
        Samples.Where(s => s.Response.Status != SampleStatus.BlockedByPolicy && Run.Kind != RunKind.Submission)
            .Select(s => new ScoredSample(s.ItemId, s.Epoch, Math.Clamp(s.Score?.Value ?? 0, 0, 1)));

    /// <summary>Sum of scores over the sent samples.</summary>
    public double Correct => Scored().Sum(s => s.Score);

    /// <summary>The samples with their pricing, for <see cref="EfficiencyMetrics"/>.</summary>
    public PricedSamples Priced => new(Samples, Pricing);

    /// <summary>Scored samples keyed by run as well as item, so several runs pool without item ids colliding.</summary>
    internal IEnumerable<ScoredSample> ScoredByRunItem() =>
        Scored().Select(s => new ScoredSample($"{Run.RunId}\u001f{s.Key.ItemId}", s.Key.Epoch, s.Score));
}
