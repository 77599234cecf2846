using System.Globalization;
using Arbiter.Engine.Metrics;
using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Intervals;
using Arbiter.Statistics.Paired;

namespace Arbiter.Engine.Reports;

/// <summary>Computes an <see cref="EvaluationReport"/> from loaded runs (pure: same runs and seed, same report).</summary>
public static class ReportBuilder
{
    /// <summary>Builds the report.</summary>
    public static EvaluationReport Build(IReadOnlyList<RunData> runs, ReportOptions? options = null, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        options ??= new ReportOptions();
        // Input order must not change the output: sort once, ordinally.
        runs = [.. runs.OrderBy(r => r.Run.ModelId, StringComparer.Ordinal).ThenBy(r => r.Run.SuiteId, StringComparer.Ordinal).ThenBy(r => r.Run.RunId, StringComparer.Ordinal)];
        var models = runs.Select(r => r.Run.ModelId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var domains = runs.Select(r => r.Run.Domain).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var languages = runs.Select(r => r.Run.Language).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var notices = new List<string>();
        if (runs.Count == 0) notices.Add("No runs matched the selection: nothing to report.");
        var empty = runs.Where(r => r.Samples.Count == 0).ToList();
        foreach (var r in empty) notices.Add(Inv($"run {r.Run.RunId} ({r.Run.ModelId}, {r.Run.SuiteId}) has no samples; its score is shown as empty, not 0"));

        var summaries = models.Select(m =>
        {
            var mine = runs.Where(r => r.Run.ModelId == m).ToList();
            return new ModelSummary(m, Pool(mine), EfficiencyMetrics.Compute(mine.Select(r => r.Priced)), mine.Count)
            {
                Consistency = Consistency(mine),
                BlockedByPolicy = mine.Sum(r => r.BlockedByPolicy),
            };
        }).ToList();
        foreach (var r in runs.Where(r => r.Unscored > 0))
        {
            notices.Add(Inv($"{r.Run.ModelId} on {r.Run.SuiteId}: {r.Unscored} answers have no score (the rubric judge gave no verdict, failed or was blocked); they count 0 in its score"));
        }

        foreach (var s in summaries)
        {
            if (s.BlockedByPolicy > 0) notices.Add(Inv($"{s.Model}: blocked by policy ({s.BlockedByPolicy}): these samples were never sent, so they are left out of its score and of every comparison"));
            if (s.Efficiency.UsageUnknownSamples > 0) notices.Add(Inv($"{s.Model}: {s.Efficiency.UsageUnknownSamples} answers came without token usage from the endpoint: their tokens, cost and throughput are unknown (not zero)"));
            if (s.Efficiency.Costs.Count == 0 && s.Efficiency.SentSamples > 0 && s.Efficiency.UsageUnknownSamples == 0) notices.Add(Inv($"{s.Model} has no pricing: its cost is unknown (not zero)"));
            else if (s.Efficiency.UnpricedSamples > 0) notices.Add(Inv($"{s.Model}: {s.Efficiency.UnpricedSamples} samples come from runs without pricing; the cost shown covers only priced runs"));
            if (s.Efficiency.MixedCurrencies) notices.Add(Inv($"{s.Model} was priced in {string.Join(" and ", s.Efficiency.Costs.Select(c => c.Currency))}: amounts are listed separately, never converted"));
        }

        var currencies = summaries.SelectMany(s => s.Efficiency.Costs.Select(c => c.Currency)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1) notices.Add(Inv($"Prices are in {string.Join(", ", currencies)}; costs are never converted, so compare cost only between models priced in the same currency"));

        var cells = runs.GroupBy(r => (r.Run.ModelId, r.Run.Domain, r.Run.Language))
            .Select(g => new ScoreCell(g.Key.ModelId, g.Key.Domain, g.Key.Language, Pool([.. g])) { BlockedByPolicy = g.Sum(r => r.BlockedByPolicy), Samples = g.Sum(r => r.Samples.Count - r.BlockedByPolicy) })
            .OrderBy(c => c.Model, StringComparer.Ordinal).ThenBy(c => c.Domain, StringComparer.Ordinal).ThenBy(c => c.Language, StringComparer.Ordinal).ToList();
        var byDomain = runs.GroupBy(r => (r.Run.ModelId, r.Run.Domain))
            .Select(g => new ScoreCell(g.Key.ModelId, g.Key.Domain, "*", Pool([.. g])) { BlockedByPolicy = g.Sum(r => r.BlockedByPolicy), Samples = g.Sum(r => r.Samples.Count - r.BlockedByPolicy) })
            .OrderBy(c => c.Domain, StringComparer.Ordinal).ThenBy(c => c.Model, StringComparer.Ordinal).ToList();
        var runRows = runs.Select(r => new RunSummaryRow(r.Run.RunId, r.Run.ModelId, r.Run.SuiteId, r.SuiteTitle, r.Run.Domain, r.Run.Language,
            Pool([r]), EfficiencyMetrics.Compute([r.Priced])) { Consistency = Consistency([r]), BlockedByPolicy = r.BlockedByPolicy }).ToList();

        var comparisons = options.IncludeComparisons
            ? ComparisonBuilder.Build(runs, bootstrap, options.FullMatrixMaxModels)
            : new ComparisonSet([], [], bootstrap ?? BootstrapOptions.Default);
        if (models.Count == 1 && runs.Count > 0) notices.Add("Only one model was selected: there is nothing to compare it with.");
        notices.AddRange(comparisons.Notices);

        return new EvaluationReport
        {
            Options = options,
            Models = models,
            Domains = domains,
            Languages = languages,
            ModelSummaries = summaries,
            Cells = cells,
            DomainScores = byDomain,
            Runs = runRows,
            Comparisons = comparisons,
            Groups = ReportGroups.Build(runs),
            Replays = ReplayReportSection.Build(runs),
            Notices = notices,
        };
    }

    /// <summary>
    /// Pools runs into one score: each item's mean over its epochs, then the Wilson interval over items
    /// (epochs of one item are not independent; with one epoch this is the plain Wilson interval over
    /// samples). Errors score 0; samples blocked by policy are left out.
    /// </summary>
    public static ProportionEstimate Pool(IReadOnlyList<RunData> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return ItemScores.From(runs.SelectMany(r => r.ScoredByRunItem())).Estimate();
    }

    /// <summary>Consistency across epochs of the pooled runs' items (always / sometimes / never correct, majority vote).</summary>
    public static EpochConsistency Consistency(IReadOnlyList<RunData> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return EpochConsistency.From(runs.SelectMany(r => r.ScoredByRunItem()));
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
