using System.Globalization;

namespace Arbiter.Engine.Frontier;

/// <summary>
/// Every word the frontier charts draw or describe (titles, axis labels, legends, tooltips, captions), as composite
/// format strings whose placeholders are documented per property. The defaults are English (the report files); the web
/// passes its UI language's strings, so the Engine keeps no translation tables. Numbers and dates filled into the
/// placeholders are always culture-invariant.
/// </summary>
public sealed record FrontierChartText
{
    /// <summary>The English strings.</summary>
    public static FrontierChartText English { get; } = new();

    /// <summary>Appended to chart titles when the models are simulated.</summary>
    public string SimulatedSuffix { get; init; } = " (simulated models)";

    /// <summary>Caption prefix when the models are simulated.</summary>
    public string SimulatedPrefix { get; init; } = "Simulated models: ";

    /// <summary>Marks the reference group in legends and descriptions.</summary>
    public string ReferenceMark { get; init; } = " (reference)";

    /// <summary>Lag chart title: {0} reference, {1} as-of date.</summary>
    public string LagTitle { get; init; } = "Months behind {0} as of {1}";

    /// <summary>Lag chart with no rows: {0} reference.</summary>
    public string LagNone { get; init; } = "No group shares a benchmark with {0}: nothing to compare.";

    /// <summary>Lag chart description of one group: {0} group, {1} median record lag, {2}/{3} interval, {4} current lag (months).</summary>
    public string LagDescribe { get; init; } = "{0}: median record lag {1} months (95% CI {2} to {3}), current lag {4} months";

    /// <summary>Lag chart tooltip of one group: {0} group, {1} median, {2}/{3} interval, {4} current lag (months), {5} current lag (days).</summary>
    public string LagTooltip { get; init; } = "{0}: median record lag {1} mo [{2}, {3}], current lag {4} mo ({5} days)";

    /// <summary>Key of the dot and bar.</summary>
    public string LagKeyMedian { get; init; } = "median record lag, 95% CI";

    /// <summary>Key of the diamond.</summary>
    public string LagKeyCurrent { get; init; } = "current lag";

    /// <summary>Heading of the values column.</summary>
    public string LagColumnRecord { get; init; } = "record lag [95% CI]";

    /// <summary>Heading of the current-lag column.</summary>
    public string LagColumnNow { get; init; } = "now";

    /// <summary>Lag chart x axis: {0} reference.</summary>
    public string LagAxis { get; init; } = "months behind {0} → (left of the line: ahead)";

    /// <summary>Curve chart title: {0} benchmark, {1} the grouping (<see cref="ByCountry"/> …).</summary>
    public string CurveTitle { get; init; } = "{0}: scores by release date and each {1}'s frontier";

    /// <summary>The grouping in <see cref="CurveTitle"/>: countries.</summary>
    public string ByCountry { get; init; } = "country";

    /// <summary>The grouping in <see cref="CurveTitle"/>: organisations.</summary>
    public string ByOrganization { get; init; } = "organisation";

    /// <summary>The grouping in <see cref="CurveTitle"/>: open or closed weights.</summary>
    public string ByWeights { get; init; } = "weights group";

    /// <summary>Curve chart: {0} groups not drawn (description).</summary>
    public string HiddenDescribe { get; init; } = "{0} more groups are not drawn";

    /// <summary>Curve chart legend: {0} groups not drawn.</summary>
    public string HiddenLegend { get; init; } = "+{0} more groups (see the table)";

    /// <summary>The as-of line: {0} date.</summary>
    public string AsOf { get; init; } = "as of {0}";

    /// <summary>Curve chart x axis.</summary>
    public string ReleaseDateAxis { get; init; } = "release date";

    /// <summary>Curve chart y axis.</summary>
    public string ScoreAxis { get; init; } = "score";

    /// <summary>Curve chart y axis when the benchmark is the arena rating (<see cref="ArenaFrontier.Benchmark"/>).</summary>
    public string RatingAxis { get; init; } = "arena rating (Bradley–Terry)";

    /// <summary>Tooltip of a record: {0} group, {1} model, {2} date, {3} score.</summary>
    public string RecordTooltip { get; init; } = "{0} record: {1}, {2}: {3}";

    /// <summary>Tooltip of the lag segment: {0} group, {1} days, {2} months, {3} reference, {4} score, {5} date.</summary>
    public string CurrentLagTooltip { get; init; } = "{0}: current lag {1} days ({2} months): {3} first reached {4} on {5}";

    /// <summary>Legend: {0} models, {1} best score.</summary>
    public string ModelsBest { get; init; } = "{0} models, best {1}";

    /// <summary>Legend for a group with one model: {1} best score.</summary>
    public string OneModelBest { get; init; } = "1 model, best {1}";

    /// <summary>Legend: {0} current lag in months.</summary>
    public string CurrentLagLegend { get; init; } = "current lag {0} mo";

    /// <summary>Legend when the group is level with or ahead of the reference.</summary>
    public string CurrentLagZero { get; init; } = "current lag 0 (level or ahead)";

    /// <summary>Legend: {0} median record lag in months.</summary>
    public string MedianLagLegend { get; init; } = "median record lag {0} mo";

    /// <summary>Key: a dot.</summary>
    public string KeyModel { get; init; } = "a model";

    /// <summary>Key: a ringed dot.</summary>
    public string KeyRecord { get; init; } = "a new record (frontier step)";

    /// <summary>Key: the dashed segment.</summary>
    public string KeyLag { get; init; } = "current lag, to the as-of date";

    /// <summary>Curve chart description of a group: {0} group (with <see cref="ReferenceMark"/>), {1} models, {2} best score, {3} model, {4} release date.</summary>
    public string CurveDescribe { get; init; } = "{0}: {1} models, best {2} by {3} released {4}";

    /// <summary>Appended for a lagged group: {0} current lag days, {1} months, {2} median record lag months.</summary>
    public string CurveDescribeLag { get; init; } = ", current lag {0} days ({1} months), median record lag {2} months";

    /// <summary>Caption of the lag chart: {0} reference.</summary>
    public string LagCaption { get; init; } = "Months behind {0}: the dot is the median record lag across benchmarks, the bar its 95% bootstrap interval, the diamond the current lag. Left of the line: ahead of the reference.";

    /// <summary>Caption of a curve chart: {0} benchmark, {1} reference, {2} as-of date.</summary>
    public string CurveCaption { get; init; } = "{0}: each dot is a model at its release date; a line is a group's best score so far; a dashed segment is a group's current lag, from the date {1} first reached the group's best score to {2}.";

    /// <summary>The grouping's word for <see cref="CurveTitle"/>.</summary>
    public string Grouping(FrontierGrouping grouping) => grouping switch
    {
        FrontierGrouping.Organization => ByOrganization,
        FrontierGrouping.Weights => ByWeights,
        _ => ByCountry,
    };

    /// <summary>Fills <paramref name="format"/> culture-invariantly.</summary>
    public static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
