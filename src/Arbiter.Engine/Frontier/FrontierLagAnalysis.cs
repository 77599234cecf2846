using Arbiter.Statistics.Frontier;

namespace Arbiter.Engine.Frontier;

/// <summary>Bad input to a frontier computation (unknown reference group or benchmark): a usage error, not a crash.</summary>
public sealed class FrontierInputException(string message) : Exception(message);

/// <summary>
/// How far each group is behind a reference group, by threshold crossing: current lag, every record's lag
/// (censored ones kept and marked), and the median record lag with a bootstrap interval, per benchmark and
/// across benchmarks. Results depend only on the set of scores, never on the order they were read in.
/// </summary>
public static class FrontierLagAnalysis
{
    /// <summary>Computes the lag rows of every group other than the reference.</summary>
    /// <exception cref="FrontierInputException">The reference group or a requested benchmark does not occur in the data.</exception>
    public static FrontierLagResult Compute(ScoreTable table, FrontierOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        var data = FrontierData.Build(table, options.Grouping, options.AsOf, options.Benchmarks);
        var reference = data.ResolveGroup(options.Reference);
        var notes = new List<FrontierNote>(data.Notes);
        var asOf = options.AsOf.DayNumber;
        // Current lags count up to the as-of date; with data months older than it, they measure the data's age too.
        if (table.Facts.Values.Select(f => f.ReleaseDate).Where(d => d <= options.AsOf).Max() is { } newest && asOf - newest.DayNumber > 90)
        {
            notes.Add(FrontierNote.Of(FrontierNoteKind.DataAge, FrontierDates.Iso(newest), asOf - newest.DayNumber));
        }

        var rows = new List<FrontierLagRow>();
        foreach (var group in data.Groups.Where(g => g != reference))
        {
            var benchmarks = data.Benchmarks.Where(b => data.Points(b, group).Count > 0 && data.Points(b, reference).Count > 0).ToArray();
            var onlyOneSide = data.Benchmarks.Count(b => data.Points(b, group).Count > 0) - benchmarks.Length;
            if (onlyOneSide > 0) notes.Add(FrontierNote.Of(FrontierNoteKind.NoReference, group, onlyOneSide, reference));
            if (benchmarks.Length == 0) continue;

            var series = benchmarks.Select(b => new LagSeries(data.Points(b, group), data.Points(b, reference))).ToArray();
            var boot = FrontierLagBootstrap.Compute(series, asOf, options.Bootstrap);
            var currents = new double[benchmarks.Length];
            for (int i = 0; i < benchmarks.Length; i++)
            {
                currents[i] = ThresholdLag.CurrentLag(series[i].Group, series[i].Reference, asOf) ?? 0;
                var records = ThresholdLag.RecordLags(series[i].Group, series[i].Reference, asOf).Select(r => new FrontierRecord(
                    FrontierDates.Iso(DateOnly.FromDayNumber(r.Record.Day)), data.ModelName(r.Record.Id), r.Record.Score,
                    r.ReferenceDay is { } d ? FrontierDates.Iso(DateOnly.FromDayNumber(d)) : null, r.LagDays, r.Censored)).ToArray();
                var b = boot.PerSeries[i];
                rows.Add(new FrontierLagRow(group, benchmarks[i], currents[i], FrontierDates.Months(currents[i]), b.PointEstimate, b.Interval.Lower, b.Interval.Upper, records));
            }

            var currentMedian = Statistics.Bootstrap.Quantiles.Linear(currents, 0.5);
            rows.Add(new FrontierLagRow(group, "*", currentMedian, FrontierDates.Months(currentMedian), boot.Overall.PointEstimate, boot.Overall.Interval.Lower, boot.Overall.Interval.Upper, []));
        }

        return new FrontierLagResult(rows, notes);
    }
}
