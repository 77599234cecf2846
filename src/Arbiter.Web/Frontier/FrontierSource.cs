using Arbiter.Core.Storage;
using Arbiter.Engine.Frontier;
using Arbiter.Engine.Reports;
using Arbiter.Web.Arena;
using Arbiter.Web.Leaderboard;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Arbiter.Web.Frontier;

/// <summary>Which scores a frontier page reads.</summary>
internal enum FrontierSourceKind
{
    /// <summary>The shipped published scores (LLM Stats).</summary>
    Published,

    /// <summary>This server's stored benchmark runs (in the demo: the simulated models), as <c>arbiter frontier --runs</c> reads them.</summary>
    Runs,

    /// <summary>This server's arena: each model's Bradley–Terry rating (as on <c>/leaderboard</c>) as benchmark <c>arena</c>, as <c>arbiter frontier --arena</c> reads it.</summary>
    Arena,
}

/// <summary>The <c>?source=</c> of <c>/frontier</c>, <c>/api/frontier</c> and <c>/countries</c>: parsing, loading, and the tabs that switch it.</summary>
internal static class FrontierSource
{
    public static FrontierSourceKind? Parse(string? value) => (value?.Trim().ToLowerInvariant() ?? "") switch
    {
        "" or "published" => FrontierSourceKind.Published,
        "runs" => FrontierSourceKind.Runs,
        "arena" => FrontierSourceKind.Arena,
        _ => null,
    };

    public static string Error(string? value) => $"source: expected published, runs or arena, not '{value}'";

    /// <summary>
    /// The scores table: the shipped one (parsed once), or the stored runs or the arena's ratings read afresh (they change
    /// while the server runs). Arena models take their release dates and origins from the roster (config and admin).
    /// The arena's note names its battles in <paramref name="t"/>'s language (the API, which has no notes, passes none).
    /// </summary>
    public static async Task<ScoreTable> LoadAsync(FrontierSourceKind kind, IServiceProvider services, UiText? t, CancellationToken cancellationToken)
    {
        if (kind == FrontierSourceKind.Published) return FrontierPages.Table;
        var table = new ScoreTable();
        if (kind == FrontierSourceKind.Runs)
        {
            FrontierSources.AddRuns(table, await new RunFilter().LoadAsync(services.GetRequiredService<IRunStore>(), cancellationToken));
            return table;
        }

        FrontierSources.AddConfigModels(table, services.GetRequiredService<ArenaModels>().All.Select(m => m.Spec), "the arena roster");
        // The leaderboard page's own cached board: /frontier?source=arena and /leaderboard rate the models identically.
        if ((await services.GetRequiredService<LeaderboardService>().GetAsync(new LeaderboardQuery(), cancellationToken)).Board is { } board)
        {
            ArenaFrontier.AddRatings(table, board, t?["frontier.note.arenaSource"] ?? "this server's arena battles");
        }

        return table;
    }

    /// <summary>The error shown when the source has no scores yet.</summary>
    public static string Empty(UiText t, FrontierSourceKind kind) => t[kind == FrontierSourceKind.Arena ? "frontier.noBattles" : "frontier.noRuns"];

    /// <summary>Links to the same page and query on each source; the runs tab is named "simulated" in the demo.</summary>
    public static void Tabs(Html h, UiText t, HttpContext context, FrontierSourceKind current, bool simulated)
    {
        h.Raw("<nav class=\"tabs\">");
        foreach (var (kind, label) in new[] { (FrontierSourceKind.Published, t["frontier.tab.published"]), (FrontierSourceKind.Runs, t[simulated ? "frontier.tab.simulated" : "frontier.tab.runs"]), (FrontierSourceKind.Arena, t["frontier.tab.arena"]) })
        {
            var pairs = context.Request.Query.Where(q => q.Key != "source").SelectMany(q => q.Value.Select(v => (Key: q.Key, Value: v ?? ""))).ToList();
            if (kind != FrontierSourceKind.Published) pairs.Add(("source", Name(kind)));
            var query = pairs.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value));
            var qs = string.Join("&", query);
            h.Raw("<a").Attr("href", context.Request.Path + (qs.Length == 0 ? "" : "?" + qs)).Attr("data-source", Name(kind))
                .Attr("class", kind == current ? "on" : null).Raw(">").Text(label).Raw("</a>");
        }

        h.Raw("</nav>");
    }

    /// <summary>Where the numbers come from: the shipped file with its attribution and licence, or the runs (flagged when simulated).</summary>
    public static void Describe(Html h, UiText t, FrontierSourceKind kind, bool simulated)
    {
        if (kind == FrontierSourceKind.Published)
        {
            h.Raw("<p class=\"source\">").Text(t["frontier.source"]).Raw(" <strong>").Text(ShippedScores.Attribution).Raw("</strong> (")
                .Raw("<a").Attr("href", ShippedScores.LicenceUrl).Raw(">CC-BY-4.0</a>; ").Raw("<code>").Text(ShippedScores.FileName).Raw("</code>)</p>");
            return;
        }

        if (simulated) h.Element("p", t["frontier.simulatedNote"], "banner simulated");
        h.Element("p", t[kind == FrontierSourceKind.Arena ? "frontier.arenaSource" : "frontier.runsSource"], "source");
    }

    /// <summary>The <c>?source=</c> value of a kind.</summary>
    public static string Name(FrontierSourceKind kind) => kind switch
    {
        FrontierSourceKind.Runs => "runs",
        FrontierSourceKind.Arena => "arena",
        _ => "published",
    };
}
