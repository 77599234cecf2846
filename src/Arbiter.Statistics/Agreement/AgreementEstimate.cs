using Arbiter.Statistics.Intervals;

namespace Arbiter.Statistics.Agreement;

/// <summary>An agreement coefficient on the data with its percentile-bootstrap interval over items.</summary>
/// <param name="Value">The coefficient on the full data; NaN when undefined (see each coefficient).</param>
/// <param name="Interval">Percentile interval of the replicates that were defined; null when fewer than two were.</param>
/// <param name="UndefinedRounds">Bootstrap rounds whose resample left the coefficient undefined (e.g. one category only); they are dropped, not counted as 0.</param>
public sealed record AgreementEstimate(double Value, ConfidenceInterval? Interval, int UndefinedRounds)
{
    /// <summary>Whether the coefficient is defined on the full data.</summary>
    public bool IsDefined => !double.IsNaN(Value);
}
