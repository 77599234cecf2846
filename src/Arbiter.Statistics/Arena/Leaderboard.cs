namespace Arbiter.Statistics.Arena;

/// <summary>One leaderboard row.</summary>
/// <param name="Rank">Rank(UB): 1 + number of models whose lower bound is strictly greater than this model's upper bound.</param>
/// <param name="Model">Model name.</param>
/// <param name="Rating">Point estimate.</param>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
public sealed record LeaderboardEntry(int Rank, string Model, double Rating, double Lower, double Upper);

/// <summary>Leaderboards from rating intervals, ranked conservatively by Rank(UB).</summary>
public static class Leaderboard
{
    /// <summary>
    /// Rank(UB)_i = 1 + #{ j : lower_j &gt; upper_i }: a model only ranks below those that are
    /// confidently better, so models with overlapping intervals share a rank. Bounds within a relative
    /// 1e-9 count as equal: an anchored model's bound of exactly 1000 and another's 1000.0000000007 come
    /// from rounding in the fit, not from the data, and must not split a rank.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static int[] RankByUpperBound(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        if (lower.Length != upper.Length)
        {
            throw new ArgumentException("Lower and upper bounds must have the same length.", nameof(upper));
        }

        int[] ranks = new int[lower.Length];
        for (int i = 0; i < ranks.Length; i++)
        {
            int rank = 1;
            for (int j = 0; j < lower.Length; j++)
            {
                rank += lower[j] - upper[i] > Tolerance(lower[j], upper[i]) ? 1 : 0;
            }

            ranks[i] = rank;
        }

        return ranks;
    }

    private static double Tolerance(double a, double b) => 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    /// <summary>Rows sorted by rating (descending, then name ordinally), each with its Rank(UB).</summary>
    public static IReadOnlyList<LeaderboardEntry> Build(IReadOnlyList<RatingInterval> intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        double[] lower = new double[intervals.Count];
        double[] upper = new double[intervals.Count];
        for (int i = 0; i < lower.Length; i++)
        {
            lower[i] = intervals[i].Lower;
            upper[i] = intervals[i].Upper;
        }

        int[] ranks = RankByUpperBound(lower, upper);
        var rows = new LeaderboardEntry[intervals.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            RatingInterval r = intervals[i];
            rows[i] = new LeaderboardEntry(ranks[i], r.Model, r.Rating, r.Lower, r.Upper);
        }

        Array.Sort(rows, static (x, y) => x.Rating != y.Rating ? y.Rating.CompareTo(x.Rating) : string.CompareOrdinal(x.Model, y.Model));
        return rows;
    }
}
