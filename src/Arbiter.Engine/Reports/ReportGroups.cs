using Arbiter.Engine.Frontier;

namespace Arbiter.Engine.Reports;

/// <summary>The report's country / organisation / weights view under one grouping.</summary>
/// <param name="Grouping">How the models are grouped.</param>
/// <param name="Rows">Per suite, each group's best model, its rank among all the report's models, and the group's mean with its interval.</param>
public sealed record ReportGroupView(FrontierGrouping Grouping, IReadOnlyList<GroupRankRow> Rows);

/// <summary>
/// The report's groups: the runs read as <c>arbiter leaderboard --by … --runs</c> reads them (suite = benchmark, a run's
/// mean score; country, organisation and weights from the origin recorded with each run), ranked by
/// <see cref="GroupRanking"/>. A grouping appears only when at least one model has that fact.
/// </summary>
public static class ReportGroups
{
    /// <summary>One view per grouping some model is known under, in the order country, organisation, weights.</summary>
    public static IReadOnlyList<ReportGroupView> Build(IReadOnlyList<RunData> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var table = new ScoreTable();
        FrontierSources.AddRuns(table, runs);
        var views = new List<ReportGroupView>();
        foreach (var grouping in new[] { FrontierGrouping.Country, FrontierGrouping.Organization, FrontierGrouping.Weights })
        {
            if (!table.Facts.Values.Any(f => f.GroupOf(grouping) is not null)) continue;
            // No as-of cut: a report covers the runs it was given, whatever the models' release dates.
            var rows = GroupRanking.Compute(table, grouping, DateOnly.MaxValue, []);
            if (rows.Count > 0) views.Add(new ReportGroupView(grouping, rows));
        }

        return views;
    }
}
