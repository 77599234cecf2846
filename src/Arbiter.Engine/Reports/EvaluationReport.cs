using Arbiter.Engine.Metrics;
using Arbiter.Statistics.Intervals;
using Arbiter.Statistics.Paired;

namespace Arbiter.Engine.Reports;

/// <summary>One model's score in one domain × language (usually one suite), with its Wilson interval over items.</summary>
public sealed record ScoreCell(string Model, string Domain, string Language, ProportionEstimate Score)
{
    /// <summary>Samples never sent because the residency policy forbade it (not part of <see cref="Score"/>).</summary>
    public int BlockedByPolicy { get; init; }

    /// <summary>Sent samples behind <see cref="Score"/> (items × epochs).</summary>
    public int Samples { get; init; }
}

/// <summary>One model's headline numbers over every selected run.</summary>
/// <param name="Model">Model id.</param>
/// <param name="Score">Pooled score over its items (each item's mean over epochs; errors score 0; policy blocks left out), Wilson interval over items.</param>
/// <param name="Efficiency">Latency, tokens, cost and outcomes.</param>
/// <param name="Runs">Number of runs.</param>
public sealed record ModelSummary(string Model, ProportionEstimate Score, EfficiencyMetrics Efficiency, int Runs)
{
    /// <summary>Consistency across epochs (meaningful when <see cref="EpochConsistency.HasRepeats"/>).</summary>
    public EpochConsistency Consistency { get; init; } = EpochConsistency.From([]);

    /// <summary>Samples never sent because the residency policy forbade it: "blocked by policy (n)"; not part of <see cref="Score"/> or any comparison.</summary>
    public int BlockedByPolicy { get; init; }
}

/// <summary>One run's row in the report.</summary>
public sealed record RunSummaryRow(string RunId, string Model, string SuiteId, string SuiteTitle, string Domain, string Language, ProportionEstimate Score, EfficiencyMetrics Efficiency)
{
    /// <inheritdoc cref="ModelSummary.Consistency"/>
    public EpochConsistency Consistency { get; init; } = EpochConsistency.From([]);

    /// <inheritdoc cref="ModelSummary.BlockedByPolicy"/>
    public int BlockedByPolicy { get; init; }
}

/// <summary>Settings that change what a report shows, never how numbers are computed.</summary>
public sealed record ReportOptions
{
    /// <summary>Title at the top of the report.</summary>
    public string Title { get; init; } = "Arbiter evaluation report";

    /// <summary>When set, printed as the generation time; left null in golden files so output is byte-stable.</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>Include the paired-comparison matrix (the costliest part: one bootstrap per pair).</summary>
    public bool IncludeComparisons { get; init; } = true;

    /// <summary>Groups with more models show each model against the leader only (the full matrix is <c>arbiter compare</c>).</summary>
    public int FullMatrixMaxModels { get; init; } = 8;

    /// <summary>A link back to the app above the title (the web's <c>/report</c>: href and text); null in a file report.</summary>
    public (string Href, string Text)? BackLink { get; init; }
}

/// <summary>Everything a report writer renders. Built by <see cref="ReportBuilder"/>; immutable.</summary>
public sealed record EvaluationReport
{
    /// <summary>Display options.</summary>
    public required ReportOptions Options { get; init; }

    /// <summary>Model ids, sorted.</summary>
    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>Domains, sorted.</summary>
    public required IReadOnlyList<string> Domains { get; init; }

    /// <summary>Languages, sorted.</summary>
    public required IReadOnlyList<string> Languages { get; init; }

    /// <summary>Per model, sorted by model id.</summary>
    public required IReadOnlyList<ModelSummary> ModelSummaries { get; init; }

    /// <summary>Model × domain × language cells.</summary>
    public required IReadOnlyList<ScoreCell> Cells { get; init; }

    /// <summary>Model × domain, pooled over languages.</summary>
    public required IReadOnlyList<ScoreCell> DomainScores { get; init; }

    /// <summary>Per run.</summary>
    public required IReadOnlyList<RunSummaryRow> Runs { get; init; }

    /// <summary>Paired comparisons (empty groups when disabled).</summary>
    public required ComparisonSet Comparisons { get; init; }

    /// <summary>The country / organisation / weights views (empty when no run recorded an origin).</summary>
    public IReadOnlyList<ReportGroupView> Groups { get; init; } = [];

    /// <summary>Runs that replayed another tool's recorded log: agreement with its recorded scores, item by item (empty: none).</summary>
    public IReadOnlyList<ReportReplay> Replays { get; init; } = [];

    /// <summary>Things the reader must know: empty selection, unknown prices, mixed currencies, unpaired runs.</summary>
    public required IReadOnlyList<string> Notices { get; init; }

    /// <summary>Total samples.</summary>
    public int SampleCount => Runs.Sum(r => r.Efficiency.Samples);

    /// <summary>True when some run sampled an item more than once (epochs): consistency columns are shown.</summary>
    public bool HasEpochs => Runs.Any(r => r.Consistency.HasRepeats);
}
