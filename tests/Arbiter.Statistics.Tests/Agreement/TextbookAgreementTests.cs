using Arbiter.Statistics.Agreement;

namespace Arbiter.Statistics.Tests.Agreement;

/// <summary>The published worked examples, reproduced to the digits their sources print.</summary>
public sealed class TextbookAgreementTests
{
    private const int M = RatingMatrix.Missing;

    private static int[] All(RatingMatrix data) => [.. Enumerable.Range(0, data.ItemCount)];

    /// <summary>
    /// Wikipedia, "Cohen's kappa", worked example: 50 grant proposals, yes = 0 / no = 1; both yes 20,
    /// A yes B no 5, A no B yes 10, both no 15. p_o = 0.7, p_e = 0.5, κ = 0.4.
    /// </summary>
    [Fact]
    public void Cohen_kappa_of_the_Wikipedia_example_is_0_4()
    {
        var rows = new List<int[]>();
        rows.AddRange(Enumerable.Repeat(new[] { 0, 0 }, 20));
        rows.AddRange(Enumerable.Repeat(new[] { 0, 1 }, 5));
        rows.AddRange(Enumerable.Repeat(new[] { 1, 0 }, 10));
        rows.AddRange(Enumerable.Repeat(new[] { 1, 1 }, 15));
        var data = new RatingMatrix(rows, 2, 2);

        Assert.Equal(0.7, CohenKappa.ObservedAgreement(data, 0, 1, All(data)), 12);
        Assert.Equal(0.4, CohenKappa.Compute(data, 0, 1, All(data)), 12);
        // With two categories the per-label κ of either category is the overall κ.
        Assert.Equal(0.4, CohenKappa.Compute(data, 0, 1, All(data), focus: 0), 12);
    }

    /// <summary>
    /// Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
    /// Published: P̄ = 0.378, P̄_e = 0.213, κ = 0.210 (three decimals).
    /// </summary>
    [Fact]
    public void Fleiss_kappa_of_the_Wikipedia_example_is_0_210()
    {
        var data = RatingMatrix.FromCounts(WikipediaFleissTable);
        double kappa = FleissKappa.Compute(data, All(data));
        Assert.Equal(0.210, Math.Round(kappa, 3));
        // Unrounded value from the same formula in exact rational arithmetic: (0.378022 − 0.212755) / (1 − 0.212755).
        Assert.Equal(0.2099307044, kappa, 9);
    }

    /// <summary>Fleiss' per-category κ_j (Fleiss 1971, eq. 12) equals κ of that category against the rest.</summary>
    [Fact]
    public void Fleiss_per_category_kappa_matches_Fleiss_equation_12()
    {
        var data = RatingMatrix.FromCounts(WikipediaFleissTable);
        const int n = 14;
        int items = WikipediaFleissTable.Length;
        for (int j = 0; j < 5; j++)
        {
            double pj = WikipediaFleissTable.Sum(r => r[j]) / (double)(items * n);
            double num = WikipediaFleissTable.Sum(r => (double)r[j] * (n - r[j]));
            double expected = 1 - (num / (items * n * (n - 1) * pj * (1 - pj)));
            Assert.Equal(expected, FleissKappa.Compute(data, All(data), focus: j), 12);
        }

        Assert.Equal(0.5076566952, FleissKappa.Compute(data, All(data), focus: 4), 9);
    }

    /// <summary>
    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
    /// 12 units, nominal values 1–5, missing data; published α_nominal = 0.743. Unit 12 has one value
    /// (unpairable) and must not count.
    /// </summary>
    [Fact]
    public void Krippendorff_alpha_of_the_nominal_worked_example_is_0_743()
    {
        int[][] observers =
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        var rows = Enumerable.Range(0, 12).Select(u => observers.Select(o => o[u] == 0 ? M : o[u] - 1).ToArray()).ToList();
        var data = new RatingMatrix(rows, 4, 5);

        double alpha = KrippendorffAlpha.Nominal(data, All(data));
        Assert.Equal(0.743, Math.Round(alpha, 3));
        // By hand: n = 40 pairable values, Σ_{c≠k} o_ck = 8 (units 2, 6, 8), n_c = 9, 13, 10, 5, 3 so
        // Σ_{c≠k} n_c·n_k = 1600 − 384 = 1216; α = 1 − 39·8/1216.
        Assert.Equal(1 - (39.0 * 8 / 1216), alpha, 12);
    }

    /// <summary>Krippendorff (2011), section A: two observers, binary data, ten units; published α = 0.095.</summary>
    [Fact]
    public void Krippendorff_alpha_of_the_binary_worked_example_is_0_095()
    {
        int[] a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
        int[] b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
        var data = new RatingMatrix([.. a.Select((x, i) => new[] { x, b[i] })], 2, 2);
        Assert.Equal(0.095, Math.Round(KrippendorffAlpha.Nominal(data, All(data)), 3));
    }

    internal static readonly int[][] WikipediaFleissTable =
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ];
}
