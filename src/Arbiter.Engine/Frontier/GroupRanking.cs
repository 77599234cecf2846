using System.Globalization;
using Arbiter.Statistics.Intervals;

namespace Arbiter.Engine.Frontier;

/// <summary>One group on one benchmark: its best model and where that model ranks among all models, and the group's mean.</summary>
/// <param name="Group">The group (a country, organisation, or <c>open</c>/<c>closed</c>).</param>
/// <param name="Benchmark">The benchmark id.</param>
/// <param name="Models">The group's models with a score on the benchmark.</param>
/// <param name="BestModel">Its best model (ties: lowest id in ordinal order).</param>
/// <param name="BestScore">That model's score.</param>
/// <param name="BestRank">Its rank among all models: 1 + the number of models scoring strictly higher.</param>
/// <param name="RankedModels">All models ranked on the benchmark, of every group (and of none).</param>
/// <param name="Mean">The group's mean score.</param>
/// <param name="Lower">
/// Student-t 95 % interval of the mean, lower end (equals the mean for one model). When every score on the benchmark
/// lies in [0, 1] (a fraction: accuracy, pass rate, a run's mean score) the interval is intersected with [0, 1], so it
/// never claims a mean below 0 or above 1; unbounded scores (arena ratings, Elo-like scores) are not clamped.
/// </param>
/// <param name="Upper">Upper end (clamped as <paramref name="Lower"/>).</param>
public sealed record GroupRankRow(string Group, string Benchmark, int Models, string BestModel, double BestScore, int BestRank, int RankedModels, double Mean, double Lower, double Upper);

/// <summary>
/// The country / organisation / weights view: "the best Russian model ranks 12th of 44" on a benchmark.
/// Models released after the as-of date are left out; models whose release date is unknown are kept.
/// </summary>
public static class GroupRanking
{
    /// <summary>Rows per benchmark (most-covered benchmarks first), groups by best rank.</summary>
    /// <exception cref="FrontierInputException">A requested benchmark has no score.</exception>
    public static IReadOnlyList<GroupRankRow> Compute(ScoreTable table, FrontierGrouping grouping, DateOnly asOf, IReadOnlyList<string> benchmarks)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(benchmarks);
        var scores = table.Scores.Where(s => !table.Facts.TryGetValue(s.Model, out var f) || f.ReleaseDate is not { } d || d <= asOf).ToList();
        var known = scores.Select(s => s.Benchmark).ToHashSet(StringComparer.Ordinal);
        var missing = benchmarks.Where(b => !known.Contains(b)).ToArray();
        if (missing.Length > 0) throw new FrontierInputException($"--benchmark {string.Join(", ", missing)}: no score for this benchmark by {FrontierDates.Iso(asOf)}");

        var rows = new List<GroupRankRow>();
        foreach (var bench in scores.GroupBy(s => s.Benchmark, StringComparer.Ordinal)
                     .Where(g => benchmarks.Count == 0 || benchmarks.Contains(g.Key, StringComparer.Ordinal))
                     .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var all = bench.Select(s => s.Score).ToArray();
            // The benchmark's scale is read off the data (the CSV has no range column): all in [0, 1] is a fraction.
            var fraction = all.All(s => s is >= 0 and <= 1);
            var byGroup = bench.Select(s => (Score: s, Group: table.Facts.TryGetValue(s.Model, out var f) ? f.GroupOf(grouping) : null))
                .Where(x => x.Group is not null).GroupBy(x => x.Group!, StringComparer.Ordinal);
            var benchRows = new List<GroupRankRow>();
            foreach (var g in byGroup)
            {
                var best = g.Select(x => x.Score).OrderByDescending(s => s.Score).ThenBy(s => s.Model, StringComparer.Ordinal).First();
                var values = g.Select(x => x.Score.Score).ToArray();
                var mean = MeanEstimate.FromSamples(values);
                benchRows.Add(new GroupRankRow(g.Key, bench.Key, values.Length, best.Model, best.Score, 1 + all.Count(s => s > best.Score), all.Length,
                    mean.Mean, fraction ? Math.Max(0, mean.Interval.Lower) : mean.Interval.Lower, fraction ? Math.Min(1, mean.Interval.Upper) : mean.Interval.Upper));
            }

            rows.AddRange(benchRows.OrderBy(r => r.BestRank).ThenBy(r => r.Group, StringComparer.Ordinal));
        }

        return rows;
    }

    /// <summary>One line a person can quote: "The best CN model (deepseek-r1) ranks 3rd of 44 on gpqa".</summary>
    public static string Sentence(GroupRankRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Create(CultureInfo.InvariantCulture, $"The best {row.Group} model ({row.BestModel}) ranks {Ordinal(row.BestRank)} of {row.RankedModels} on {row.Benchmark}");
    }

    /// <summary>1st, 2nd, 3rd, 4th, 11th, 21st… (English ordinals).</summary>
    public static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }
}
