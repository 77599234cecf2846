using System.Globalization;
using Arbiter.Engine.Arena;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Arbiter.Web.Leaderboard;

/// <summary>The leaderboard page, its live-refreshed fragment and a JSON view.</summary>
public static class LeaderboardPages
{
    /// <summary>Maps <c>/leaderboard</c>, <c>/leaderboard/table</c> and <c>/api/leaderboard</c>.</summary>
    public static IEndpointRouteBuilder MapLeaderboardPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/leaderboard", PageAsync);
        app.MapGet("/leaderboard/table", FragmentAsync);
        app.MapGet("/api/leaderboard", JsonAsync);
        return app;
    }

    private static LeaderboardQuery Query(string? language, string? category, string? style, string? flagged) =>
        new(Blank(language), Blank(category), style is "1" or "on" or "true", flagged is "1" or "on" or "true");

    private static async Task<IResult> PageAsync(HttpContext context, LeaderboardService boards, string? language, string? category, string? style, string? flagged, CancellationToken cancellationToken)
    {
        var view = await boards.GetAsync(Query(language, category, style, flagged), cancellationToken);
        var t = UiText.For(UiLanguage.Of(context));
        return Layout.Page(context, t["board.title"], "leaderboard", (h, t) =>
        {
            h.Element("h1", t["board.title"]).Element("p", t["board.intro"], "intro");
            Filters(h, t, view);
            h.Raw("<div id=\"board\"").Attr("data-src", "/leaderboard/table" + context.Request.QueryString).Raw(">");
            Table(h, t, view);
            h.Raw("</div>");
        }, ["/assets/js/leaderboard.js"]);
    }

    private static async Task<ContentHttpResult> FragmentAsync(HttpContext context, LeaderboardService boards, string? language, string? category, string? style, string? flagged, CancellationToken cancellationToken)
    {
        var view = await boards.GetAsync(Query(language, category, style, flagged), cancellationToken);
        var h = new Html();
        Table(h, UiText.For(UiLanguage.Of(context)), view);
        return TypedResults.Content(h.ToString(), "text/html; charset=utf-8");
    }

    /// <summary>Exactly <c>arbiter arena leaderboard --format json</c> with the same filters (one writer in the engine).</summary>
    private static async Task<ContentHttpResult> JsonAsync(LeaderboardService boards, string? language, string? category, string? style, string? flagged, CancellationToken cancellationToken)
    {
        var view = await boards.GetAsync(Query(language, category, style, flagged), cancellationToken);
        return TypedResults.Content(view.Board is { } board ? ArenaLeaderboardWriter.Json(board) : "[]", "application/json; charset=utf-8");
    }

    private static void Filters(Html h, UiText t, LeaderboardView view)
    {
        h.Raw("<form class=\"filters\" method=\"get\" action=\"/leaderboard\">");
        Select(h, "language", t["board.language"], t["board.all"], view.Languages, view.Query.Language);
        Select(h, "category", t["board.category"], t["board.all"], view.Categories, view.Query.Category);
        Check(h, "style", t["board.style"], view.Query.StyleControl);
        Check(h, "flagged", t["board.flagged"], view.Query.IncludeFlagged);
        h.Raw("<button type=\"submit\">").Text(t["board.apply"]).Raw("</button></form>");
    }

    private static void Table(Html h, UiText t, LeaderboardView view)
    {
        if (view.Rows.Count == 0)
        {
            h.Element("p", t["board.empty"], "empty");
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        h.Raw("<p class=\"total\" id=\"total\"").Attr("data-battles", view.Battles.ToString(inv)).Raw(">").Text(t.Count("board.total", view.Battles)).Raw("</p>");
        if (view.Query.StyleControl && view.Board?.StyleControlled is not null) h.Element("p", t["board.styleNote"], "note");
        h.Raw("<table class=\"board\"><thead><tr>");
        foreach (var head in new[] { t["board.rank"], t["board.model"], t["board.rating"], t["board.ci"], t["board.votes"] }) h.Element("th", head);
        h.Raw("</tr></thead><tbody>");
        var preliminary = 0;
        foreach (var r in view.Rows)
        {
            h.Raw("<tr").Attr("data-model", r.Model).Attr("class", r.Preliminary ? "preliminary" : null).Raw(">")
                .Element("td", r.RankUb.ToString(inv), "num")
                .Raw("<td>").Text(r.Model);
            if (r.Preliminary)
            {
                preliminary++;
                h.Raw(" <span class=\"badge\">").Text(t["board.preliminary"]).Raw("</span>");
            }

            // A preliminary model's interval says little (a single vote's bootstrap is "±0"): no number is shown for it.
            h.Raw("</td><td class=\"num\">").Number(r.Rating, "0").Raw("</td>")
                .Raw("<td class=\"num\">").Text(r.Preliminary ? "—" : ArenaLeaderboardWriter.Interval(r, "0").Replace("/", " / ", StringComparison.Ordinal)).Raw("</td>")
                .Raw("<td class=\"num votes\">").Text(r.Battles.ToString(inv)).Raw("</td></tr>");
        }

        h.Raw("</tbody></table>");
        if (preliminary > 0) h.Element("p", string.Format(inv, t["board.preliminaryNote"], view.MinimumBattles), "note");
        var notes = view.Warnings.Where(w => !w.Contains("preliminary", StringComparison.Ordinal)).ToList();
        if (notes.Count > 0)
        {
            h.Raw("<details class=\"warnings\"><summary>").Text(t["board.warnings"]).Raw("</summary><ul>");
            foreach (var w in notes) h.Element("li", w);
            h.Raw("</ul></details>");
        }

        RatingChart.Write(h, view.Rows, t["board.title"]);
        if (view.Board is { } board) MatrixTable.Write(h, t, board, view.Rows);
    }

    private static void Select(Html h, string name, string label, string all, IReadOnlyList<string> values, string? selected)
    {
        h.Raw("<label>").Text(label).Raw(" <select").Attr("name", name).Raw("><option value=\"\">").Text(all).Raw("</option>");
        foreach (var v in values)
        {
            h.Raw("<option").Attr("value", v).Attr("selected", string.Equals(v, selected, StringComparison.OrdinalIgnoreCase) ? "selected" : null).Raw(">").Text(v).Raw("</option>");
        }

        h.Raw("</select></label>");
    }

    private static void Check(Html h, string name, string label, bool on) =>
        h.Raw("<label class=\"check\"><input type=\"checkbox\" value=\"1\"").Attr("name", name).Attr("checked", on ? "checked" : null).Raw("> ").Text(label).Raw("</label>");

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
