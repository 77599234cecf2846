using System.Collections.Immutable;
using System.Globalization;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Statistics.Arena;

/// <summary>
/// Bootstrap of a Bradley–Terry fit. The reported rating is the point estimate on all data (not the
/// bootstrap median); bounds are linear-interpolation quantiles of the per-round ratings.
/// </summary>
public sealed record BradleyTerryBootstrap
{
    /// <summary>The fit on all battles.</summary>
    public required BradleyTerryFit Fit { get; init; }

    /// <summary>Number of rounds.</summary>
    public required int Rounds { get; init; }

    /// <summary>The seed used.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Confidence level of the intervals.</summary>
    public required double ConfidenceLevel { get; init; }

    /// <summary>Per-round ratings, row-major [round × model] (model order of <see cref="BradleyTerryFit.Models"/>).</summary>
    public required ImmutableArray<double> Samples { get; init; }

    /// <summary>One interval per model, in model order.</summary>
    public required IReadOnlyList<RatingInterval> Intervals { get; init; }

    /// <summary>Rounds whose resample needed the ridge prior (the MLE did not exist).</summary>
    public required int RidgeRounds { get; init; }

    /// <summary>Rounds whose Newton solve did not converge.</summary>
    public required int NonConvergedRounds { get; init; }

    /// <summary>The point fit's warnings plus bootstrap-specific ones.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The bootstrap ratings of model <paramref name="modelIndex"/>, in round order.</summary>
    public double[] SamplesOf(int modelIndex)
    {
        int n = Fit.Models.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(modelIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(modelIndex, n);
        double[] column = new double[Rounds];
        for (int r = 0; r < Rounds; r++)
        {
            column[r] = Samples[(r * n) + modelIndex];
        }

        return column;
    }
}

public static partial class BradleyTerry
{
    /// <summary>The arena default: 100 rounds, seed 42, 95 % (2.5 / 97.5 % quantiles).</summary>
    public static BootstrapOptions DefaultBootstrapOptions { get; } = new() { Rounds = 100 };

    /// <summary>
    /// Multinomial bootstrap: each round resamples as many battles as there are, with replacement,
    /// and refits (warm-started at the point estimate). Resampling N battles with replacement puts
    /// Multinomial(N, c/N) battles into cells of c identical battles (same pair, score and weight), so a
    /// round draws the cell counts (<see cref="Sampling.MultinomialSampler"/>) — O(cells) instead of O(battles),
    /// with exactly the same distribution of replicates. Round r uses its own generator derived from (seed, r), so results
    /// are identical for any degree of parallelism.
    /// </summary>
    public static BradleyTerryBootstrap Bootstrap(BattleSet battles, BradleyTerryOptions? options = null, BootstrapOptions? bootstrap = null) =>
        Bootstrap(battles, options, bootstrap, perBattle: false);

    /// <summary>
    /// With <paramref name="perBattle"/>, the textbook version: draw N battle indices per round and add them up. Same
    /// distribution, O(N) per round; kept as the baseline the tests and the arena benchmark compare against.
    /// </summary>
    internal static BradleyTerryBootstrap Bootstrap(BattleSet battles, BradleyTerryOptions? options, BootstrapOptions? bootstrap, bool perBattle)
    {
        ArgumentNullException.ThrowIfNull(battles);
        options ??= BradleyTerryOptions.Default;
        bootstrap ??= DefaultBootstrapOptions;
        bootstrap.Validate();
        BradleyTerryFit fit = Fit(battles, options);
        int n = battles.Models.Length;
        int count = battles.Count;
        int rounds = bootstrap.Rounds;
        double[] samples = new double[rounds * n];
        int ridgeRounds = 0, failedRounds = 0;
        double[] start = [.. fit.Theta];
        // One factored information matrix at the point estimate serves every round's chord steps (null: no MLE there).
        double[]? chordFactor = null;
        if (count > 0 && !fit.RidgeApplied)
        {
            chordFactor = new double[n * n];
            if (!new BradleyTerrySolver(n).TryFactorInformation(battles.Wins, [.. fit.Theta], chordFactor))
            {
                chordFactor = null;
            }
        }

        if (count > 0)
        {
            BattleCells cells = battles.Cells;
            var sampler = new Sampling.MultinomialSampler(cells.Count);
            BootstrapRunner.Run(
                rounds,
                bootstrap.Seed,
                bootstrap.MaxDegreeOfParallelism,
                () => new RoundState(n, perBattle ? count : cells.Length),
                (round, random, state) =>
                {
                    Array.Clear(state.Wins);
                    if (perBattle)
                    {
                        for (int t = 0; t < count; t++)
                        {
                            state.Counts[t] = random.NextInt(count);
                        }

                        battles.AccumulateWins(state.Wins, state.Counts);
                    }
                    else
                    {
                        sampler.Draw(random, state.Counts);
                        cells.AccumulateWins(state.Wins, n, state.Counts);
                    }

                    bool ridge = !ComparisonGraph.MleExists(state.Wins, n);
                    Array.Copy(start, state.Theta, n);
                    SolveStatus status = default;
                    if (!ridge && chordFactor is not null)
                    {
                        status = state.Solver.SolveChord(state.Wins, state.Theta, chordFactor, ChordIterations, options.Tolerance);
                    }

                    if (!status.Converged)
                    {
                        status = state.Solver.Solve(state.Wins, state.Theta, ridge ? options.Ridge : 0, options.MaxIterations, options.Tolerance);
                    }
                    options.ToRatings(state.Theta, fit.AnchorIndex, samples.AsSpan(round * n, n));
                    if (ridge)
                    {
                        Interlocked.Increment(ref ridgeRounds);
                    }

                    if (!status.Converged)
                    {
                        Interlocked.Increment(ref failedRounds);
                    }
                });
        }
        else
        {
            // No battles: nothing to resample. Every "round" repeats the (empty) point estimate.
            for (int r = 0; r < rounds; r++)
            {
                fit.Ratings.CopyTo(samples, r * n);
            }
        }

        var warnings = new List<string>(fit.Warnings);
        if (ridgeRounds > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"The ridge prior was needed in {ridgeRounds} of {rounds} bootstrap rounds."));
        }

        if (failedRounds > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Newton's method did not converge in {failedRounds} of {rounds} bootstrap rounds."));
        }

        return new BradleyTerryBootstrap
        {
            Fit = fit,
            Rounds = rounds,
            Seed = bootstrap.Seed,
            ConfidenceLevel = bootstrap.ConfidenceLevel,
            Samples = ImmutableArray.Create(samples),
            Intervals = PercentileIntervals(fit, samples, rounds, bootstrap),
            RidgeRounds = ridgeRounds,
            NonConvergedRounds = failedRounds,
            Warnings = warnings.AsReadOnly(),
        };
    }

    /// <inheritdoc cref="Bootstrap(BattleSet, BradleyTerryOptions?, BootstrapOptions?)"/>
    public static BradleyTerryBootstrap Bootstrap(IEnumerable<Battle> battles, BradleyTerryOptions? options = null, BootstrapOptions? bootstrap = null)
        => Bootstrap(BattleSet.From(battles), options, bootstrap);

    private static RatingInterval[] PercentileIntervals(BradleyTerryFit fit, double[] samples, int rounds, BootstrapOptions bootstrap)
    {
        int n = fit.Models.Length;
        var intervals = new RatingInterval[n];
        double[] column = new double[rounds];
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < rounds; r++)
            {
                column[r] = samples[(r * n) + i];
            }

            intervals[i] = PercentileInterval(fit.Models[i], fit.Ratings[i], column, bootstrap);
        }

        return intervals;
    }

    /// <summary>Interval from replicate values (sorted in place).</summary>
    internal static RatingInterval PercentileInterval(string model, double point, double[] replicates, BootstrapOptions bootstrap)
    {
        double mean = Intervals.Moments.Mean(replicates);
        double sd = replicates.Length > 1
            ? Math.Sqrt(Intervals.Moments.SumOfSquaredDeviations(replicates, mean) / (replicates.Length - 1))
            : 0;
        Array.Sort(replicates);
        return new RatingInterval(
            model,
            point,
            Quantiles.LinearSorted(replicates, bootstrap.LowerQuantile),
            Quantiles.LinearSorted(replicates, bootstrap.UpperQuantile),
            sd);
    }

    /// <summary>Chord steps before a round falls back to full Newton (each must halve the gradient, so few are needed).</summary>
    private const int ChordIterations = 30;

    private sealed class RoundState(int models, int length)
    {
        public int[] Counts { get; } = new int[length];

        public double[] Wins { get; } = new double[models * models];

        public double[] Theta { get; } = new double[models];

        public BradleyTerrySolver Solver { get; } = new(models);
    }
}
