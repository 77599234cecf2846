using Arbiter.Core.Storage;
using Arbiter.Engine.Frontier;
using Arbiter.Engine.Reports;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Web.Frontier;

/// <summary>Which scores a frontier page reads.</summary>
internal enum FrontierSourceKind
{
    /// <summary>The shipped published scores (LLM Stats).</summary>
    Published,

    /// <summary>This server's stored benchmark runs (in the demo: the simulated models), as <c>arbiter frontier --runs</c> reads them.</summary>
    Runs,
}

/// <summary>The <c>?source=</c> of <c>/frontier</c>, <c>/api/frontier</c> and <c>/countries</c>: parsing, loading, and the tabs that switch it.</summary>
internal static class FrontierSource
{
    public static FrontierSourceKind? Parse(string? value) => (value?.Trim().ToLowerInvariant() ?? "") switch
    {
        "" or "published" => FrontierSourceKind.Published,
        "runs" => FrontierSourceKind.Runs,
        _ => null,
    };

    public static string Error(string? value) => $"source: expected published or runs, not '{value}'";

    /// <summary>The scores table: the shipped one (parsed once), or the stored runs read afresh (they change while the server runs).</summary>
    public static async Task<ScoreTable> LoadAsync(FrontierSourceKind kind, IRunStore store, CancellationToken cancellationToken)
    {
        if (kind == FrontierSourceKind.Published) return FrontierPages.Table;
        var table = new ScoreTable();
        FrontierSources.AddRuns(table, await new RunFilter().LoadAsync(store, cancellationToken));
        return table;
    }

    /// <summary>Links to the same page and query on each source; the runs tab is named "simulated" in the demo.</summary>
    public static void Tabs(Html h, UiText t, HttpContext context, FrontierSourceKind current, bool simulated)
    {
        h.Raw("<nav class=\"tabs\">");
        foreach (var (kind, label) in new[] { (FrontierSourceKind.Published, t["frontier.tab.published"]), (FrontierSourceKind.Runs, t[simulated ? "frontier.tab.simulated" : "frontier.tab.runs"]) })
        {
            var pairs = context.Request.Query.Where(q => q.Key != "source").SelectMany(q => q.Value.Select(v => (Key: q.Key, Value: v ?? ""))).ToList();
            if (kind == FrontierSourceKind.Runs) pairs.Add(("source", "runs"));
            var query = pairs.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value));
            var qs = string.Join("&", query);
            h.Raw("<a").Attr("href", context.Request.Path + (qs.Length == 0 ? "" : "?" + qs)).Attr("data-source", kind == FrontierSourceKind.Runs ? "runs" : "published")
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
        h.Element("p", t["frontier.runsSource"], "source");
    }
}
