using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Sampling;

namespace Arbiter.Statistics.Frontier;

/// <summary>One benchmark's models: the group's and the reference's (both non-empty by the as-of day).</summary>
/// <param name="Group">The group's models.</param>
/// <param name="Reference">The reference group's models.</param>
public sealed record LagSeries(IReadOnlyList<ScoredRelease> Group, IReadOnlyList<ScoredRelease> Reference);

/// <summary>Bootstrap of the median record lag: per series (models resampled) and across series (series, then models resampled).</summary>
/// <param name="PerSeries">One result per input series, in input order.</param>
/// <param name="Overall">The median over series of each series' median record lag.</param>
public sealed record LagBootstrapResult(IReadOnlyList<BootstrapResult> PerSeries, BootstrapResult Overall);

/// <summary>
/// Seeded percentile bootstrap of median record lags. Within a benchmark the group's and the reference's
/// models are resampled separately (each side keeps its size, so neither vanishes); across benchmarks the
/// benchmarks are drawn with replacement and every draw resamples its models afresh (a two-stage cluster
/// bootstrap). Each series' own interval uses its own stream (seed, series index), so adding a benchmark
/// does not move another benchmark's interval. Work per resample is linear: models are sorted once and a
/// resample is a vector of counts.
/// </summary>
public static class FrontierLagBootstrap
{
    /// <summary>Computes the point estimates and intervals.</summary>
    public static LagBootstrapResult Compute(IReadOnlyList<LagSeries> series, int asOfDay, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= BootstrapOptions.Default;
        options.Validate();
        var prepared = series.Select((s, i) => new Prepared(s, asOfDay, i)).ToArray();
        int maxG = prepared.Length == 0 ? 0 : prepared.Max(p => p.Group.Length);
        int maxR = prepared.Length == 0 ? 0 : prepared.Max(p => p.Reference.Length);
        Func<Buffers> buffers = () => new Buffers(maxG, maxR);

        var medians = new double[prepared.Length];
        var perSeries = new BootstrapResult[prepared.Length];
        var one = new Buffers(maxG, maxR);
        for (int b = 0; b < prepared.Length; b++)
        {
            var p = prepared[b];
            medians[b] = p.Median(one, null);
            var replicates = new double[options.Rounds];
            // One benchmark's rounds are microseconds of work: threads would cost more than they save (measured).
            BootstrapRunner.Run(options.Rounds, SplitMix64.Combine(options.Seed, b + 1), 1, () => one,
                (round, random, buf) => replicates[round] = p.Median(buf, random));
            perSeries[b] = new BootstrapResult(medians[b], replicates, options);
        }

        double overallPoint = Quantiles.Linear(medians, 0.5);
        if (prepared.Length == 0)
        {
            return new LagBootstrapResult(perSeries, new BootstrapResult(0, new double[options.Rounds], options));
        }

        var overall = new double[options.Rounds];
        BootstrapRunner.Run(options.Rounds, options.Seed, options.MaxDegreeOfParallelism, buffers, (round, random, buf) =>
        {
            var drawn = buf.SeriesMedians(prepared.Length);
            for (int i = 0; i < drawn.Length; i++) drawn[i] = prepared[random.NextInt(prepared.Length)].Median(buf, random);
            Array.Sort(drawn);
            overall[round] = Quantiles.LinearSorted(drawn, 0.5);
        });
        return new LagBootstrapResult(perSeries, new BootstrapResult(overallPoint, overall, options));
    }

    private sealed class Buffers(int maxGroup, int maxReference)
    {
        public readonly int[] GroupCounts = new int[maxGroup];
        public readonly int[] ReferenceCounts = new int[maxReference];
        public readonly double[] RecordScores = new double[maxGroup];
        public readonly int[] RecordDays = new int[maxGroup];
        public readonly double[] Lags = new double[maxGroup];
        private double[]? _seriesMedians;

        public double[] SeriesMedians(int n) => _seriesMedians ??= new double[n];
    }

    private sealed class Prepared
    {
        public readonly ScoredRelease[] Group;
        public readonly ScoredRelease[] Reference;
        private readonly int _asOf;

        public Prepared(LagSeries s, int asOfDay, int index)
        {
            Group = ThresholdLag.ByDay(s.Group, asOfDay);
            Reference = ThresholdLag.ByScore(s.Reference, asOfDay);
            _asOf = asOfDay;
            if (Group.Length == 0 || Reference.Length == 0)
            {
                throw new ArgumentException($"Series {index} has no group or no reference model released by the as-of day.", nameof(s));
            }
        }

        /// <summary>Median record lag of the data (random null) or of one resample of each side's models.</summary>
        public double Median(Buffers buf, SeededRandom? random)
        {
            var g = buf.GroupCounts.AsSpan(0, Group.Length);
            var r = buf.ReferenceCounts.AsSpan(0, Reference.Length);
            Draw(g, random);
            Draw(r, random);
            int k = 0;
            double best = double.NegativeInfinity;
            for (int i = 0; i < Group.Length; i++)
            {
                if (g[i] == 0 || Group[i].Score <= best) continue;
                best = Group[i].Score;
                buf.RecordScores[k] = best;
                buf.RecordDays[k++] = Group[i].Day;
            }

            // Records rise in score; walk them from the highest down while the reference is read from its best
            // down, so the earliest day the reference reached each record is found in one linear pass.
            int j = 0;
            int firstDay = int.MaxValue;
            for (int t = k - 1; t >= 0; t--)
            {
                for (; j < Reference.Length && Reference[j].Score >= buf.RecordScores[t]; j++)
                {
                    if (r[j] > 0 && Reference[j].Day < firstDay) firstDay = Reference[j].Day;
                }

                buf.Lags[t] = buf.RecordDays[t] - (firstDay == int.MaxValue ? _asOf : firstDay);
            }

            var lags = buf.Lags.AsSpan(0, k);
            lags.Sort();
            return Quantiles.LinearSorted(lags, 0.5);
        }

        private static void Draw(Span<int> counts, SeededRandom? random)
        {
            if (random is null)
            {
                counts.Fill(1);
                return;
            }

            counts.Clear();
            for (int i = 0; i < counts.Length; i++) counts[random.NextInt(counts.Length)]++;
        }
    }
}
