using Arbiter.Statistics.Intervals;

namespace Arbiter.Statistics.Bootstrap;

/// <summary>Settings of a seeded percentile bootstrap.</summary>
/// <remarks>
/// Round r always uses the generator <c>SeededRandom.ForStream(Seed, r)</c>, so results depend only on
/// (data, statistic, Rounds, Seed) — never on <see cref="MaxDegreeOfParallelism"/> or scheduling.
/// </remarks>
public sealed record BootstrapOptions
{
    /// <summary>The defaults: 1,000 rounds, seed 42, level 0.95, all cores.</summary>
    public static BootstrapOptions Default { get; } = new();

    /// <summary>Number of resampling rounds (≥ 1). Default 1,000.</summary>
    public int Rounds { get; init; } = 1000;

    /// <summary>Seed of the whole computation. Default 42.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Two-sided level of the percentile interval. Default 0.95 (2.5 % and 97.5 % quantiles).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Maximum threads; −1 (default) means one per core. Does not change results.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Rounds, 1, nameof(Rounds));
        CriticalValues.ValidateLevel(ConfidenceLevel);
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use −1 or a positive thread count.");
        }
    }

    /// <summary>Lower quantile probability, (1 − level) / 2.</summary>
    internal double LowerQuantile => (1 - ConfidenceLevel) / 2;

    /// <summary>Upper quantile probability, 1 − (1 − level) / 2.</summary>
    internal double UpperQuantile => 1 - ((1 - ConfidenceLevel) / 2);
}
