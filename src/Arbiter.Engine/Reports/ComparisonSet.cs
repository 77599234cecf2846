using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.MultipleComparisons;

namespace Arbiter.Engine.Reports;

/// <summary>What a comparison group pools: one suite, all suites of a domain or of a language, or everything.</summary>
public enum ComparisonScope
{
    /// <summary>One suite (one domain × language).</summary>
    Suite,
    /// <summary>All suites of one domain, across languages.</summary>
    Domain,
    /// <summary>All suites in one language, across domains.</summary>
    Language,
    /// <summary>Every suite.</summary>
    Overall,
}

/// <summary>
/// All model pairs within one scope. Samples are paired by (suite, version, item, epoch), so two
/// models are only ever compared on items both answered; epochs of one item are averaged before the
/// test (items are the unit). The Holm correction runs over the pairs of this group (one family per group).
/// </summary>
/// <param name="Scope">What is pooled.</param>
/// <param name="Key">Suite id, domain, language, or <c>all</c>.</param>
/// <param name="Domain">The domain, or <c>*</c> when pooled across domains.</param>
/// <param name="Language">The language, or <c>*</c> when pooled across languages.</param>
/// <param name="Suites">Suite ids pooled, sorted.</param>
/// <param name="Models">Model labels in the group, sorted.</param>
/// <param name="Pairs">Every pair (A before B in label order; difference = B − A).</param>
public sealed record ComparisonGroup(
    ComparisonScope Scope,
    string Key,
    string Domain,
    string Language,
    IReadOnlyList<string> Suites,
    IReadOnlyList<string> Models,
    IReadOnlyList<PairwiseComparison> Pairs)
{
    /// <summary>When set, the group compares every model with this leader (highest mean) only, not all pairs.</summary>
    public string? Leader { get; init; }
}

/// <summary>Every comparison group of a selection of runs, and notices about runs that could not be paired and why.</summary>
/// <param name="Groups">Suite groups first, then domain, language and overall groups.</param>
/// <param name="Notices">Human-readable reasons (different suites, versions, unmatched samples).</param>
/// <param name="Bootstrap">The bootstrap settings used (seed and rounds make the CIs reproducible).</param>
public sealed record ComparisonSet(IReadOnlyList<ComparisonGroup> Groups, IReadOnlyList<string> Notices, BootstrapOptions Bootstrap)
{
    /// <summary>
    /// Per model label, the samples the residency policy kept from being sent (only labels with at
    /// least one). They are not paired; show them as "blocked by policy (n)".
    /// </summary>
    public IReadOnlyDictionary<string, int> BlockedByPolicy { get; init; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// True when at least one pair of models shares at least one sample. Two runs of a suite with no item in common
    /// (or with no samples at all) form a pair on paper only: its p = 1 and empty interval compare nothing.
    /// </summary>
    public bool HasPairs => Groups.Any(g => g.Pairs.Any(p => p.Comparison.Alignment.Count > 0));
}
