using System.Globalization;
using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.MultipleComparisons;
using Arbiter.Statistics.Paired;

namespace Arbiter.Engine.Reports;

/// <summary>Builds the paired-comparison matrix of a selection of runs.</summary>
public static class ComparisonBuilder
{
    /// <summary>
    /// Groups runs by suite (and by domain, language and overall, when those pool more than one
    /// suite) and compares every pair of models in each group. Runs over different suites are never
    /// paired: a suite with a single run gets a notice saying so.
    /// </summary>
    /// <param name="runs">The runs.</param>
    /// <param name="options">Bootstrap settings.</param>
    /// <param name="fullMatrixMaxModels">Groups with more models compare each model with the group's leader only (n − 1 pairs instead of n(n − 1)/2), which keeps large reports fast and readable.</param>
    public static ComparisonSet Build(IReadOnlyList<RunData> runs, BootstrapOptions? options = null, int fullMatrixMaxModels = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(runs);
        options ??= BootstrapOptions.Default;
        var notices = new List<string>();
        var labelled = Label(runs);
        var groups = new List<ComparisonGroup>();

        foreach (var suite in labelled.GroupBy(r => r.Data.Run.SuiteId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var versions = suite.Select(r => r.Data.Run.SuiteVersion).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (versions.Count > 1)
            {
                notices.Add(Inv($"suite {suite.Key} appears in versions {string.Join(", ", versions)}: items may differ between versions, so only runs of the same version are paired"));
            }

            foreach (var version in suite.GroupBy(r => r.Data.Run.SuiteVersion).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var members = version.ToList();
                if (members.Count < 2)
                {
                    var only = members[0].Data.Run;
                    notices.Add(Inv($"run {only.RunId} ({only.ModelId}, suite {only.SuiteId} v{only.SuiteVersion}) has no other run on the same suite; paired comparisons need the same items, so runs over different suites are not paired"));
                    continue;
                }

                var key = versions.Count > 1 ? $"{suite.Key}@{version.Key}" : suite.Key;
                groups.Add(Group(ComparisonScope.Suite, key, members[0].Data.Run.Domain, members[0].Data.Run.Language, members, options, fullMatrixMaxModels));
            }
        }

        var pairable = labelled.Where(r => labelled.Count(o => o.Data.Run.SuiteId == r.Data.Run.SuiteId && o.Data.Run.SuiteVersion == r.Data.Run.SuiteVersion) > 1).ToList();
        AddPooled(groups, pairable, ComparisonScope.Domain, r => r.Domain, options, fullMatrixMaxModels);
        AddPooled(groups, pairable, ComparisonScope.Language, r => r.Language, options, fullMatrixMaxModels);
        AddPooled(groups, pairable, ComparisonScope.Overall, _ => "all", options, fullMatrixMaxModels);

        foreach (var g in groups)
        {
            foreach (var p in g.Pairs)
            {
                var a = p.Comparison.Alignment;
                if (a.OnlyInA.Count + a.OnlyInB.Count > 0)
                {
                    notices.Add(Inv($"{g.Scope.ToString().ToLowerInvariant()} {g.Key}: {p.ModelA} vs {p.ModelB} paired {a.Count} samples; {a.OnlyInA.Count} only in {p.ModelA}, {a.OnlyInB.Count} only in {p.ModelB} (not used)"));
                }
            }
        }

        var blocked = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in labelled.Where(r => r.Data.BlockedByPolicy > 0)) blocked[r.Label] = blocked.GetValueOrDefault(r.Label) + r.Data.BlockedByPolicy;
        return new ComparisonSet(groups, notices, options) { BlockedByPolicy = blocked };
    }

    private static void AddPooled(List<ComparisonGroup> groups, List<Labelled> runs, ComparisonScope scope, Func<Core.Runs.RunRecord, string> keyOf, BootstrapOptions options, int fullMatrixMaxModels)
    {
        foreach (var g in runs.GroupBy(r => keyOf(r.Data.Run)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = g.ToList();
            // A pool of a single suite repeats that suite's group exactly: skip it (and its bootstrap cost).
            if (members.Select(m => (m.Data.Run.SuiteId, m.Data.Run.SuiteVersion)).Distinct().Count() < 2) continue;
            // Likewise a pool of exactly the suites of an earlier pool (one language only, say) would repeat it.
            var pooledSuites = members.Select(m => m.Data.Run.SuiteId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (groups.Any(x => x.Scope != ComparisonScope.Suite && x.Suites.SequenceEqual(pooledSuites, StringComparer.Ordinal))) continue;
            var domains = members.Select(m => m.Data.Run.Domain).Distinct(StringComparer.Ordinal).ToList();
            var languages = members.Select(m => m.Data.Run.Language).Distinct(StringComparer.Ordinal).ToList();
            groups.Add(Group(scope, g.Key, domains.Count == 1 ? domains[0] : "*", languages.Count == 1 ? languages[0] : "*", members, options, fullMatrixMaxModels));
        }
    }

    private static ComparisonGroup Group(ComparisonScope scope, string key, string domain, string language, List<Labelled> members, BootstrapOptions options, int fullMatrixMaxModels)
    {
        // Pooled groups key samples by suite too, so item ids that repeat across suites never collide.
        var models = members.GroupBy(m => m.Label).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ModelSamples(g.Key, [.. g.SelectMany(m => m.Data.Scored().Select(s =>
                scope == ComparisonScope.Suite ? s : new ScoredSample(new SampleKey($"{m.Data.Run.SuiteId}@{m.Data.Run.SuiteVersion}/{s.Key.ItemId}", s.Key.Epoch), s.Score)))]))
            .ToList();
        var suites = members.Select(m => m.Data.Run.SuiteId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (models.Count <= fullMatrixMaxModels)
        {
            return new ComparisonGroup(scope, key, domain, language, suites, [.. models.Select(m => m.Model)], PairwiseComparisons.CompareAll(models, options));
        }

        var leader = models.OrderByDescending(m => m.Samples.Count == 0 ? 0 : m.Samples.Average(s => s.Score)).ThenBy(m => m.Model, StringComparer.Ordinal).First();
        var others = models.Where(m => m != leader).ToList();
        var comparisons = others.Select(m => PairedComparison.Compare(leader.Samples, m.Samples, options)).ToList();
        var adjusted = HolmBonferroni.Adjust([.. comparisons.Select(c => c.PValue)]);
        return new ComparisonGroup(scope, key, domain, language, suites, [.. models.Select(m => m.Model)],
            [.. others.Select((m, k) => new PairwiseComparison(leader.Model, m.Model, comparisons[k], adjusted[k]))]) { Leader = leader.Model };
    }

    private sealed record Labelled(RunData Data, string Label);

    /// <summary>The label <see cref="Build"/> gives <paramref name="run"/> among <paramref name="runs"/> (its model id, or "model (run id)" when ambiguous).</summary>
    public static string LabelOf(IReadOnlyList<RunData> runs, Core.Runs.RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Label(runs).First(l => l.Data.Run.RunId == run.RunId).Label;
    }

    /// <summary>Labels runs by model id; a model with two runs of the same suite gets the run id appended so pairs stay unambiguous.</summary>
    private static List<Labelled> Label(IReadOnlyList<RunData> runs)
    {
        var ambiguous = runs.GroupBy(r => (r.Run.ModelId, r.Run.SuiteId, r.Run.SuiteVersion)).Where(g => g.Count() > 1).Select(g => g.Key.ModelId).ToHashSet(StringComparer.Ordinal);
        return [.. runs.Select(r => new Labelled(r, ambiguous.Contains(r.Run.ModelId) ? $"{r.Run.ModelId} ({r.Run.RunId})" : r.Run.ModelId))];
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
