using MathNet.Numerics;

namespace Arbiter.Statistics.Sampling;

/// <summary>
/// Exact draws of Multinomial(N, c/N) for many categories with fixed counts c — the bootstrap of aggregated
/// battle cells. Poissonised: draw X_k ~ Poisson(λ·c_k/N) independently with λ a little below N; given their sum S,
/// X is Multinomial(S, c/N), so adding N − S further categorical draws gives exactly Multinomial(N, c/N). A sum above
/// N (probability ≈ 0.1 % with λ = N − 3√N) is drawn again. Every Poisson mean is the same in every round, so the
/// pmf at each mode is computed once and a draw is an inversion outward from the mode: O(√mean) steps and no
/// transcendental functions, against a log and an exp per category for sequential binomials.
/// </summary>
internal sealed class MultinomialSampler
{
    private readonly int _total;
    private readonly double[] _mean;
    private readonly int[] _mode;
    private readonly double[] _modePmf;
    private readonly AliasTable _categorical;
    private readonly Visits?[] _visits;

    public MultinomialSampler(int[] counts) : this(counts, precompute: true)
    {
    }

    /// <summary>With <paramref name="precompute"/> false every draw runs the recurrence (the reference the tests compare against).</summary>
    internal MultinomialSampler(int[] counts, bool precompute)
    {
        ArgumentNullException.ThrowIfNull(counts);
        long total = 0;
        foreach (int c in counts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c);
            total += c;
        }

        _total = checked((int)total);
        double lambda = Math.Max(0, _total - (3 * Math.Sqrt(_total)));
        _mean = new double[counts.Length];
        _mode = new int[counts.Length];
        _modePmf = new double[counts.Length];
        for (int k = 0; k < counts.Length; k++)
        {
            double mu = _total == 0 ? 0 : lambda * counts[k] / _total;
            int mode = (int)Math.Floor(mu);
            _mean[k] = mu;
            _mode[k] = mode;
            _modePmf[k] = mu == 0 ? 1 : Math.Exp(-mu + (mode * Math.Log(mu)) - SpecialFunctions.GammaLn(mode + 1));
        }

        _categorical = new AliasTable(counts);
        _visits = precompute ? Visits.For(counts, _mean, _mode, _modePmf) : new Visits?[counts.Length];
    }

    /// <summary>Number of categories.</summary>
    public int Length => _mean.Length;

    /// <summary>Fills <paramref name="drawn"/> with one Multinomial(N, c/N) draw.</summary>
    public void Draw(SeededRandom random, int[] drawn)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(drawn);
        if (_total == 0)
        {
            Array.Clear(drawn);
            return;
        }

        long sum;
        do
        {
            sum = 0;
            for (int k = 0; k < _mean.Length && sum <= _total; k++)
            {
                int x = Poisson(k, random);
                drawn[k] = x;
                sum += x;
            }
        }
        while (sum > _total);

        for (long t = sum; t < _total; t++)
        {
            drawn[_categorical.Sample(random)]++;
        }
    }

    /// <summary>Poisson(mean k) by inversion, visiting the support outward from the mode (exact; expected O(√mean) steps).</summary>
    private int Poisson(int k, SeededRandom random)
    {
        double mu = _mean[k];
        if (mu == 0)
        {
            return 0;
        }

        int mode = _mode[k];
        double pMode = _modePmf[k];
        double u = random.NextDouble() - pMode;
        if (u < 0)
        {
            return mode;
        }

        if (_visits[k] is not { } visits)
        {
            return Visit(mu, mode, mode, mode, pMode, pMode, u);
        }

        // The first visits' pmf terms, subtracted in the loop's order: the same arithmetic on u, the same draw.
        double[] terms = visits.Terms;
        for (int i = 0; i < terms.Length; i++)
        {
            u -= terms[i];
            if (u < 0)
            {
                return visits.Values[i];
            }
        }

        return Visit(mu, mode, visits.Hi, visits.Lo, visits.PHi, visits.PLo, u);
    }

    /// <summary>The inversion's walk from (hi, lo) with the pmf there, u left to spend.</summary>
    private static int Visit(double mu, int mode, int hi, int lo, double pHi, double pLo, double u)
    {
        // Far beyond the mean the pmf underflows to 0; the bound only stops the loop on that rounding sliver.
        int limit = Limit(mu, mode);
        while (hi < limit)
        {
            hi++;
            pHi *= mu / hi;
            u -= pHi;
            if (u < 0)
            {
                return hi;
            }

            if (lo > 0)
            {
                pLo *= lo / mu;
                lo--;
                u -= pLo;
                if (u < 0)
                {
                    return lo;
                }
            }
        }

        return mode; // rounding left a sliver of probability unassigned: the mode is the likeliest value
    }

    private static int Limit(double mu, int mode) => mode + 20 + (int)(20 * Math.Sqrt(mu + 1));

    /// <summary>
    /// The first steps of the walk for one mean, computed once by the walk's own recurrence: the pmf terms and values in
    /// visiting order, and the walk's state after them. Cells with the same count share one (a million battles among 300
    /// models make ~130,000 cells but only a few dozen distinct counts), and a draw then spends no division on them.
    /// </summary>
    private sealed class Visits
    {
        /// <summary>Terms per mean: 16 steps each way cover all but a sliver of draws up to a mean of ~30.</summary>
        private const int Steps = 32;

        /// <summary>At most this many distinct means get their own (the commonest): ~7 MB.</summary>
        private const int MaxTables = 16_384;

        public required double[] Terms { get; init; }
        public required int[] Values { get; init; }
        public int Hi { get; init; }
        public int Lo { get; init; }
        public double PHi { get; init; }
        public double PLo { get; init; }

        public static Visits?[] For(int[] counts, double[] mean, int[] mode, double[] modePmf)
        {
            var visits = new Visits?[counts.Length];
            var cellsOf = new Dictionary<int, int>();
            foreach (int c in counts)
            {
                if (c > 0) cellsOf[c] = cellsOf.GetValueOrDefault(c) + 1;
            }

            // The commonest counts get a walk each, shared by every cell with that count.
            var chosen = cellsOf.OrderByDescending(e => e.Value).ThenBy(e => e.Key).Take(MaxTables).Select(e => e.Key).ToHashSet();
            var byCount = new Dictionary<int, Visits>();
            for (int k = 0; k < counts.Length; k++)
            {
                if (mean[k] == 0 || !chosen.Contains(counts[k])) continue;
                if (!byCount.TryGetValue(counts[k], out var shared)) byCount[counts[k]] = shared = Walk(mean[k], mode[k], modePmf[k]);
                visits[k] = shared;
            }

            return visits;
        }

        private static Visits Walk(double mu, int mode, double pMode)
        {
            var terms = new List<double>(Steps);
            var values = new List<int>(Steps);
            int hi = mode, lo = mode, limit = Limit(mu, mode);
            double pHi = pMode, pLo = pMode;
            // Whole loop turns only, so that the walk resumes where the table stops.
            while (hi < limit && terms.Count < Steps)
            {
                hi++;
                pHi *= mu / hi;
                terms.Add(pHi);
                values.Add(hi);
                if (lo > 0)
                {
                    pLo *= lo / mu;
                    lo--;
                    terms.Add(pLo);
                    values.Add(lo);
                }
            }

            return new Visits { Terms = [.. terms], Values = [.. values], Hi = hi, Lo = lo, PHi = pHi, PLo = pLo };
        }
    }

    /// <summary>Walker/Vose alias table: exact O(1) draws from a fixed categorical distribution.</summary>
    private sealed class AliasTable
    {
        private readonly double[] _probability;
        private readonly int[] _alias;

        public AliasTable(int[] weights)
        {
            int n = weights.Length;
            _probability = new double[n];
            _alias = new int[n];
            double total = 0;
            foreach (int w in weights) total += w;
            if (n == 0 || total == 0) return;
            var scaled = new double[n];
            var small = new Stack<int>();
            var large = new Stack<int>();
            for (int i = 0; i < n; i++)
            {
                scaled[i] = weights[i] * n / total;
                (scaled[i] < 1 ? small : large).Push(i);
            }

            while (small.Count > 0 && large.Count > 0)
            {
                int s = small.Pop(), l = large.Pop();
                _probability[s] = scaled[s];
                _alias[s] = l;
                scaled[l] = scaled[l] + scaled[s] - 1;
                (scaled[l] < 1 ? small : large).Push(l);
            }

            foreach (int i in large) _probability[i] = 1;
            foreach (int i in small) _probability[i] = 1;
        }

        public int Sample(SeededRandom random)
        {
            int column = random.NextInt(_probability.Length);
            return random.NextDouble() < _probability[column] ? column : _alias[column];
        }
    }
}
