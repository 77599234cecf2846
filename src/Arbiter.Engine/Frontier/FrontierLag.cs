using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Frontier;

namespace Arbiter.Engine.Frontier;

/// <summary>What to compute.</summary>
public sealed record FrontierOptions
{
    /// <summary>How models are grouped.</summary>
    public FrontierGrouping Grouping { get; init; } = FrontierGrouping.Country;

    /// <summary>The reference group (e.g. <c>US</c>).</summary>
    public required string Reference { get; init; }

    /// <summary>Only these benchmarks (empty: all).</summary>
    public IReadOnlyList<string> Benchmarks { get; init; } = [];

    /// <summary>The as-of date: models released later do not exist yet.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>Bootstrap settings (rounds, seed).</summary>
    public BootstrapOptions Bootstrap { get; init; } = BootstrapOptions.Default;
}

/// <summary>One record of a group on a benchmark.</summary>
/// <param name="Date">The record's release date.</param>
/// <param name="Model">The model that set it.</param>
/// <param name="Score">Its score.</param>
/// <param name="ReferenceDate">The first date the reference reached the score; null when censored.</param>
/// <param name="LagDays">Date − reference date; when censored, the bound date − as-of date (the true lag is below it).</param>
/// <param name="Censored">The reference had not reached the score by the as-of date.</param>
public sealed record FrontierRecord(string Date, string Model, double Score, string? ReferenceDate, int LagDays, bool Censored);

/// <summary>A group's lag behind the reference on one benchmark, or across benchmarks (<c>benchmark = "*"</c>).</summary>
/// <param name="Group">The group.</param>
/// <param name="Benchmark">The benchmark id, or <c>*</c>.</param>
/// <param name="CurrentLagDays">Current lag (for <c>*</c>: the median over benchmarks).</param>
/// <param name="CurrentLagMonths">The same in months (days / 30.44).</param>
/// <param name="MedianRecordLagDays">Median record lag (for <c>*</c>: the median of the benchmarks' medians).</param>
/// <param name="Lower">Lower end of the bootstrap interval of the median record lag, days.</param>
/// <param name="Upper">Upper end, days.</param>
/// <param name="Records">The group's records on this benchmark (empty for <c>*</c>: they are in the per-benchmark rows).</param>
public sealed record FrontierLagRow(string Group, string Benchmark, double CurrentLagDays, double CurrentLagMonths, double MedianRecordLagDays, double Lower, double Upper, IReadOnlyList<FrontierRecord> Records);

/// <summary>The rows plus what was left out and why.</summary>
/// <param name="Rows">Per group: one row per benchmark, then the <c>*</c> row.</param>
/// <param name="Notes">Left-out models and benchmarks, duplicates, and so on (<see cref="FrontierNote.Text"/> in English, or <see cref="FrontierNoteText"/> in another language).</param>
public sealed record FrontierLagResult(IReadOnlyList<FrontierLagRow> Rows, IReadOnlyList<FrontierNote> Notes);
