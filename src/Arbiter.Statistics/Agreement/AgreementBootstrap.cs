using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Intervals;

namespace Arbiter.Statistics.Agreement;

/// <summary>
/// Seeded percentile bootstrap of an agreement coefficient over items: each round draws N items with
/// replacement (an item keeps all its labels), so the interval reflects which items happened to be labelled.
/// </summary>
public static class AgreementBootstrap
{
    /// <summary>Bootstraps <paramref name="statistic"/> (a coefficient of the items it is given) over <paramref name="itemCount"/> items.</summary>
    public static AgreementEstimate Compute(int itemCount, IndexStatistic statistic, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        options ??= BootstrapOptions.Default;
        var result = PercentileBootstrap.ComputeByIndex(itemCount, statistic, options);
        if (double.IsNaN(result.PointEstimate) || result.Replicates.IsEmpty)
        {
            return new AgreementEstimate(result.PointEstimate, null, result.Replicates.Length);
        }

        // A resample can hold one category only, where κ and α are 0/0; those rounds say nothing about spread.
        double[] defined = [.. result.Replicates.Where(r => !double.IsNaN(r))];
        Array.Sort(defined);
        int undefined = result.Replicates.Length - defined.Length;
        if (defined.Length < 2) return new AgreementEstimate(result.PointEstimate, null, undefined);
        double tail = (1 - options.ConfidenceLevel) / 2;
        var interval = new ConfidenceInterval(
            Quantiles.LinearSorted(defined, tail), Quantiles.LinearSorted(defined, 1 - tail), options.ConfidenceLevel);
        return new AgreementEstimate(result.PointEstimate, interval, undefined);
    }
}
