using System.Text;
using Arbiter.Core.Arena;
using Arbiter.Core.Models;
using Arbiter.Core.Storage;
using Arbiter.Engine.Arena;
using Arbiter.Engine.Frontier;
using Arbiter.Engine.Reports;

namespace Arbiter.Cli.Commands;

/// <summary>
/// The demo's frontier report: the simulated models' lag behind the simulated US model on the built-in suites (from
/// this demo's runs) and on the arena rating (from its simulated votes), both labelled as simulated, next to the same
/// analysis of the shipped published scores.
/// </summary>
internal static class DemoFrontier
{
    /// <summary>The simulated models' lag on the built-in suites, from this demo's runs (also shown in the demo's run report).</summary>
    public static FrontierView RunsView(IReadOnlyList<RunData> runs)
    {
        var table = new ScoreTable();
        FrontierSources.AddRuns(table, runs);
        // Each view is measured at its newest release, so current lags are not inflated by the data's age (the README's numbers do the same).
        var options = Options(Newest(table));
        return new FrontierView(table, options, FrontierLagAnalysis.Compute(table, options))
        {
            Heading = "Simulated models: this demo's runs on the built-in suites",
            Source = "this demo's runs against Arbiter's simulated model server (benchmark = suite, score = mean score); countries and release dates are the demo's made-up ones",
            Simulated = true,
        };
    }

    /// <summary>The simulated models' lag on the arena rating: the Bradley–Terry fit of the demo's simulated votes, dated by the demo's release dates.</summary>
    public static FrontierView ArenaView(IReadOnlyList<ArenaBattle> battles, IEnumerable<ModelSpec> models)
    {
        var table = new ScoreTable();
        FrontierSources.AddConfigModels(table, models, "the demo's model list");
        ArenaFrontier.AddRatings(table, ArenaLeaderboard.Compute(battles, new ArenaLeaderboardOptions()), "the demo's simulated votes");
        var options = Options(Newest(table));
        return new FrontierView(table, options, FrontierLagAnalysis.Compute(table, options))
        {
            Heading = "Simulated models: arena rating from simulated votes",
            Source = $"{battles.Count} votes cast by a simulated crowd between the simulated models (Bradley–Terry rating = the score, as 'arbiter frontier --arena' reads the stored battles); countries and release dates are the demo's made-up ones",
            Simulated = true,
        };
    }

    public static async Task<string> WriteAsync(IRunStore store, IReadOnlyList<string> runIds, FrontierView arena, string path, CancellationToken ct)
    {
        var published = ShippedScores.Load();
        var newest = Options(Newest(published));
        var views = new[]
        {
            RunsView(await new RunFilter { RunIds = runIds }.LoadAsync(store, ct)),
            arena,
            new FrontierView(published, newest, FrontierLagAnalysis.Compute(published, newest))
            {
                Heading = "Published scores: real models (LLM Stats)",
                Source = $"{ShippedScores.FileName}, {ShippedScores.Attribution} (mostly vendor-reported scores)",
            },
        };
        var html = FrontierHtmlReport.Render("Arbiter demo: frontier lag (simulated models next to published scores)", views, DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(path, html, new UTF8Encoding(false), ct);
        return Path.GetFullPath(path);
    }

    private static DateOnly Newest(ScoreTable table) =>
        table.Facts.Values.Where(f => table.Scores.Any(s => s.Model == f.Model)).Select(f => f.ReleaseDate).Max() ?? DateOnly.FromDateTime(DateTime.UtcNow);

    private static FrontierOptions Options(DateOnly asOf) => new() { Grouping = FrontierGrouping.Country, Reference = "US", AsOf = asOf };
}
