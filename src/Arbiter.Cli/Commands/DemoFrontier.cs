using System.Text;
using Arbiter.Core.Storage;
using Arbiter.Engine.Frontier;
using Arbiter.Engine.Reports;

namespace Arbiter.Cli.Commands;

/// <summary>
/// The demo's frontier report: the simulated models' lag behind the simulated US model on the built-in suites (from
/// this demo's runs, labelled as simulated), next to the same analysis of the shipped published scores.
/// </summary>
internal static class DemoFrontier
{
    public static async Task<string> WriteAsync(IRunStore store, IReadOnlyList<string> runIds, string path, CancellationToken ct)
    {
        var runs = new ScoreTable();
        FrontierSources.AddRuns(runs, await new RunFilter { RunIds = runIds }.LoadAsync(store, ct));
        var published = ShippedScores.Load();
        // Each measured at its newest release, so current lags are not inflated by the data's age (the README's numbers do the same).
        var simulated = Options(Newest(runs));
        var newest = Newest(published);
        var views = new[]
        {
            new FrontierView(runs, simulated, FrontierLagAnalysis.Compute(runs, simulated))
            {
                Heading = "Simulated models: this demo's runs on the built-in suites",
                Source = "this demo's runs against Arbiter's simulated model server (benchmark = suite, score = mean score); countries and release dates are the demo's made-up ones",
                Simulated = true,
            },
            new FrontierView(published, Options(newest), FrontierLagAnalysis.Compute(published, Options(newest)))
            {
                Heading = "Published scores: real models (LLM Stats)",
                Source = $"{ShippedScores.FileName}, {ShippedScores.Attribution} (mostly vendor-reported scores)",
            },
        };
        var html = FrontierHtmlReport.Render("Arbiter demo: frontier lag (simulated models next to published scores)", views, DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(path, html, new UTF8Encoding(false), ct);
        return Path.GetFullPath(path);
    }

    private static DateOnly Newest(ScoreTable table) => table.Facts.Values.Select(f => f.ReleaseDate).Max() ?? DateOnly.FromDateTime(DateTime.UtcNow);

    private static FrontierOptions Options(DateOnly asOf) => new() { Grouping = FrontierGrouping.Country, Reference = "US", AsOf = asOf };
}
