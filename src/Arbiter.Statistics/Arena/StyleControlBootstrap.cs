using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Sampling;

namespace Arbiter.Statistics.Arena;

public static partial class StyleControl
{
    /// <summary>
    /// Percentile bootstrap of the style-controlled ratings. Each round resamples the battles with replacement — drawn
    /// as multiplicities (a Multinomial(N, 1/N) over the battles) rather than as a copied list — re-standardises the
    /// features on the resample, and refits with those multiplicities as weights, warm-started at the point estimate.
    /// The same estimator as refitting a materialised resample, without re-indexing a million battles every round.
    /// Round r uses the generator (seed, r), so parallelism cannot change the result; a model no battle of a round
    /// involves gives no replicate in that round.
    /// </summary>
    public static (StyleControlFit Fit, IReadOnlyList<RatingInterval> Intervals) Bootstrap(IReadOnlyList<StyledBattle> battles,
        StyleControlOptions? options = null, BootstrapOptions? bootstrap = null)
    {
        options ??= new StyleControlOptions();
        bootstrap ??= BradleyTerry.DefaultBootstrapOptions;
        bootstrap.Validate();
        var (fit, set, raw, point) = FitCore(battles, options);
        BradleyTerryOptions ratingOptions = options.Ratings;
        int n = set.Models.Length, count = set.Count, k = count == 0 ? 0 : raw.Length / count, rounds = bootstrap.Rounds;
        double[] samples = new double[rounds * n];
        Array.Fill(samples, double.NaN);
        if (count > 0)
        {
            var sampler = new MultinomialSampler([.. Enumerable.Repeat(1, count)]);
            BootstrapRunner.Run(rounds, bootstrap.Seed, bootstrap.MaxDegreeOfParallelism, () => new RoundState(count, k, n), (round, random, state) =>
            {
                sampler.Draw(random, state.Multiplicity);
                for (int t = 0; t < count; t++)
                {
                    state.Weight[t] = set.Weight[t] * state.Multiplicity[t];
                }

                Array.Clear(state.Wins);
                set.AccumulateWins(state.Wins, null, state.Weight);
                Standardise(raw, state.Multiplicity, state.Z, k, out _, out _);
                bool ridge = !ComparisonGraph.MleExists(state.Wins, n);
                Array.Copy(point, state.Parameters, point.Length);
                var solver = new StyleControlSolver(set, state.Z, k, ridge ? ratingOptions.Ridge : 0, options.StyleRegularization, state.Weight);
                solver.Solve(state.Parameters, ratingOptions.MaxIterations, ratingOptions.Tolerance);
                var row = samples.AsSpan(round * n, n);
                ratingOptions.ToRatings(state.Parameters.AsSpan(0, n), fit.Ratings.AnchorIndex, row);
                for (int i = 0; i < n; i++)
                {
                    // A model with no battle in this resample has an all-zero row and column of wins.
                    bool involved = false;
                    for (int j = 0; j < n && !involved; j++) involved = state.Wins[(i * n) + j] + state.Wins[(j * n) + i] > 0;
                    if (!involved) row[i] = double.NaN;
                }
            });
        }

        var intervals = new RatingInterval[n];
        for (int i = 0; i < n; i++)
        {
            double[] replicates = [.. Enumerable.Range(0, rounds).Select(r => samples[(r * n) + i]).Where(double.IsFinite)];
            intervals[i] = replicates.Length == 0
                ? new RatingInterval(set.Models[i], fit.Ratings.Ratings[i], fit.Ratings.Ratings[i], fit.Ratings.Ratings[i], 0)
                : BradleyTerry.PercentileInterval(set.Models[i], fit.Ratings.Ratings[i], replicates, bootstrap);
        }

        return (fit, intervals);
    }

    /// <summary>Per-worker buffers for the weighted refits.</summary>
    private sealed class RoundState(int battles, int features, int models)
    {
        public int[] Multiplicity { get; } = new int[battles];

        public double[] Weight { get; } = new double[battles];

        public double[] Z { get; } = new double[battles * features];

        public double[] Wins { get; } = new double[models * models];

        public double[] Parameters { get; } = new double[models + features];
    }
}
