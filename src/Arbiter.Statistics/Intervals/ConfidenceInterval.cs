namespace Arbiter.Statistics.Intervals;

/// <summary>A two-sided confidence interval [<see cref="Lower"/>, <see cref="Upper"/>] at <see cref="Level"/>.</summary>
/// <param name="Lower">Lower bound (inclusive).</param>
/// <param name="Upper">Upper bound (inclusive).</param>
/// <param name="Level">Nominal coverage, e.g. 0.95.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper, double Level)
{
    /// <summary>Upper minus lower bound.</summary>
    public double Width => Upper - Lower;

    /// <summary>Whether <paramref name="value"/> lies inside the interval (bounds included).</summary>
    public bool Contains(double value) => value >= Lower && value <= Upper;
}
