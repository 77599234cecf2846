using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Metrics;
using Arbiter.Statistics.Intervals;
using Arbiter.Statistics.Paired;

namespace Arbiter.Engine.Reports;

/// <summary>
/// The headline numbers of one run. Accuracy is over the run's items: each item's mean score over its
/// epochs, with a Wilson interval over items. Errors and content-filter stops score 0 (a model that
/// fails to answer has not answered correctly) and the error count is shown next to it; samples
/// blocked by the residency policy were never sent and are left out (<see cref="BlockedByPolicy"/>).
/// </summary>
/// <param name="Run">The run.</param>
/// <param name="Accuracy">Score over items (Count = items with at least one sent sample).</param>
/// <param name="Samples">Stored samples, blocked ones included.</param>
/// <param name="Errors">Samples whose call failed.</param>
/// <param name="ContentFiltered">Samples stopped by the endpoint's content filter.</param>
/// <param name="InputTokens">Input tokens of samples that reported usage (see <see cref="TokensUnknown"/>).</param>
/// <param name="OutputTokens">Output tokens of samples that reported usage.</param>
/// <param name="Cost">Nominal cost (cached answers at list price) over samples with known usage; null when unknown (no pricing or no usage at all).</param>
/// <param name="Currency">Currency of <paramref name="Cost"/>.</param>
/// <param name="MeanLatencyMs">Mean latency over sent samples.</param>
public sealed record RunResult(
    RunRecord Run,
    ProportionEstimate Accuracy,
    int Samples,
    int Errors,
    int ContentFiltered,
    long InputTokens,
    long OutputTokens,
    decimal? Cost,
    string? Currency,
    double MeanLatencyMs)
{
    /// <summary>Samples never sent because the residency policy forbade it: "blocked by policy (n)".</summary>
    public int BlockedByPolicy { get; init; }

    /// <summary>
    /// Answers left without a score: a <c>scorer: rubric</c> judge whose reply held no verdict, whose call failed or
    /// that the residency policy kept from the answer. They count 0 in <see cref="Accuracy"/>, like errors, and are shown.
    /// </summary>
    public int Unscored { get; init; }

    /// <summary>Answered samples whose endpoint reported no token usage: their tokens and cost are unknown.</summary>
    public int UsageUnknownSamples { get; init; }

    /// <summary>True when no sent sample reported usage, so the token counts are unknown, not 0.</summary>
    public bool TokensUnknown { get; init; }

    /// <summary>Samples answered from the response cache.</summary>
    public int CacheHits { get; init; }

    /// <summary>What the run actually spent (cache hits cost nothing); null when <see cref="Cost"/> is null.</summary>
    public decimal? SpentCost { get; init; }

    /// <summary>Sum of the sent samples' scores (correct answers for binary scorers, every epoch counted).</summary>
    public double CorrectSamples { get; init; }

    /// <summary>Consistency across epochs (meaningful when <see cref="EpochConsistency.HasRepeats"/>).</summary>
    public EpochConsistency Consistency { get; init; } = EpochConsistency.From([]);

    /// <summary>Cost per correct answer, or null when cost is unknown or nothing was correct.</summary>
    public decimal? CostPerCorrect => Cost is { } c && CorrectSamples > 0 ? c / (decimal)CorrectSamples : null;
}

/// <summary>Computes <see cref="RunResult"/>s from the store, and pools them.</summary>
public static class RunResults
{
    /// <summary>
    /// Reads a run's samples and summarises them. The samples stream through a <see cref="RunTally"/>: memory
    /// does not grow with the run (a million-sample run is summarised in a few counters, not a list of records).
    /// </summary>
    public static async Task<RunResult> ComputeAsync(IRunStore store, RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        var tally = new RunTally(run);
        // The store's item/epoch order keeps each item's epochs together, as the tally needs.
        await foreach (var s in store.ReadSamplesAsync(run.RunId, cancellationToken).ConfigureAwait(false)) tally.Add(s);
        return tally.ToResult();
    }

    /// <summary>Summarises a loaded run.</summary>
    public static RunResult From(RunData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var tally = new RunTally(data.Run);
        foreach (var s in data.Samples.OrderBy(s => s.ItemId, StringComparer.Ordinal)) tally.Add(s);
        return tally.ToResult();
    }

    /// <summary>Pools runs into one score over all their items (each run's items are distinct units).</summary>
    public static ProportionEstimate Pool(IReadOnlyList<RunResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        // Each run's accuracy is its item means' sum over its item count, so pooling adds both.
        double sum = results.Sum(r => r.Accuracy.Successes);
        int count = results.Sum(r => r.Accuracy.Count);
        return ProportionEstimate.FromCounts(Math.Min(sum, count), count);
    }

    /// <summary>Totals of several runs (of one model, say): pooled score over items, counts, tokens and costs.</summary>
    public static RunTotals Totals(IReadOnlyList<RunResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var currencies = results.Select(r => r.Currency).Where(c => c is not null).Distinct(StringComparer.Ordinal).ToList();
        // A total is only a number when every run's cost is known and in one currency; otherwise it is unknown.
        var known = results.Count > 0 && currencies.Count == 1 && results.All(r => r.Cost is not null && r.UsageUnknownSamples == 0);
        var items = results.Sum(r => r.Consistency.Items);
        var consistency = new EpochConsistency(items, results.Count == 0 ? 0 : results.Max(r => r.Consistency.MaxEpochs),
            results.Sum(r => r.Consistency.Always), results.Sum(r => r.Consistency.Sometimes), results.Sum(r => r.Consistency.Never),
            results.Sum(r => r.Consistency.MajorityCorrect), items == 0 ? 0 : results.Sum(r => r.Consistency.Agreement * r.Consistency.Items) / items);
        var correct = results.Sum(r => r.CorrectSamples);
        decimal? cost = known ? results.Sum(r => r.Cost!.Value) : null;
        var sent = results.Sum(r => r.Samples - r.BlockedByPolicy);
        return new RunTotals(Pool(results), consistency, results.Sum(r => r.Samples), results.Sum(r => r.Errors), results.Sum(r => r.BlockedByPolicy),
            results.Sum(r => r.InputTokens), results.Sum(r => r.OutputTokens), results.Count > 0 && results.All(r => r.TokensUnknown || r.Samples == r.BlockedByPolicy) && sent > 0,
            results.Sum(r => r.UsageUnknownSamples), cost, known ? results.Sum(r => r.SpentCost ?? 0) : null, results.Sum(r => r.CacheHits),
            currencies.Count == 1 ? currencies[0] : null, cost is { } c && correct > 0 ? c / (decimal)correct : null,
            sent == 0 ? 0 : results.Sum(r => r.MeanLatencyMs * (r.Samples - r.BlockedByPolicy)) / sent);
    }
}

/// <summary>Totals of several runs, as <see cref="RunResults.Totals"/> computes them (display adapters only format these).</summary>
/// <param name="Accuracy">Pooled score over all items of all runs (Wilson over items).</param>
/// <param name="Consistency">Consistency across epochs, summed over runs.</param>
/// <param name="Samples">Stored samples, blocked ones included.</param>
/// <param name="Errors">Failed calls.</param>
/// <param name="BlockedByPolicy">Samples never sent because of the residency policy.</param>
/// <param name="InputTokens">Input tokens of samples that reported usage.</param>
/// <param name="OutputTokens">Output tokens of samples that reported usage.</param>
/// <param name="TokensUnknown">True when no sent sample reported usage (tokens unknown, not 0).</param>
/// <param name="UsageUnknownSamples">Answers without usage (cost unknown).</param>
/// <param name="Cost">Nominal cost, or null when any part is unknown or currencies differ.</param>
/// <param name="SpentCost">What was actually spent (cache hits are free), null when <paramref name="Cost"/> is.</param>
/// <param name="CacheHits">Answers served from the cache.</param>
/// <param name="Currency">The one currency, or null.</param>
/// <param name="CostPerCorrect">Cost per correct sample, or null.</param>
/// <param name="MeanLatencyMs">Mean latency over sent samples.</param>
public sealed record RunTotals(
    ProportionEstimate Accuracy,
    EpochConsistency Consistency,
    int Samples,
    int Errors,
    int BlockedByPolicy,
    long InputTokens,
    long OutputTokens,
    bool TokensUnknown,
    int UsageUnknownSamples,
    decimal? Cost,
    decimal? SpentCost,
    int CacheHits,
    string? Currency,
    decimal? CostPerCorrect,
    double MeanLatencyMs);
