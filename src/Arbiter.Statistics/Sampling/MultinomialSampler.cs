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

    public MultinomialSampler(int[] counts)
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

        int lo = mode, hi = mode;
        double pLo = pMode, pHi = pMode;
        // Far beyond the mean the pmf underflows to 0; the bound only stops the loop on that rounding sliver.
        int limit = mode + 20 + (int)(20 * Math.Sqrt(mu + 1));
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
