using Arbiter.Web.Hosting;
using Arbiter.Web.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Arbiter.Web.Rendering;

/// <summary>The page shell: head with the shipped CSS, navigation, language switch, footer scripts.</summary>
public static class Layout
{
    /// <summary>Writes a whole page around <paramref name="body"/>; scripts are separate files (the CSP forbids inline ones).</summary>
    public static IResult Page(HttpContext context, string title, string active, Action<Html, UiText> body, IReadOnlyList<string>? scripts = null, int status = 200)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        var t = UiText.For(UiLanguage.Of(context));
        var web = context.RequestServices.GetRequiredService<WebState>();
        var csrf = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken;
        var h = new Html();
        h.Raw("<!DOCTYPE html><html").Attr("lang", t.Code).Raw("><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<meta name=\"csrf-token\"").Attr("content", csrf).Raw(">")
            .Raw("<title>").Text(title).Raw(" · Arbiter</title>")
            .Raw("<link rel=\"stylesheet\" href=\"/assets/css/site.css\"></head><body>");
        h.Raw("<header class=\"top\"><a class=\"brand\" href=\"/\">Arbiter</a><nav>");
        NavLink(h, "/arena", t["nav.arena"], active == "arena");
        NavLink(h, "/leaderboard", t["nav.leaderboard"], active == "leaderboard");
        NavLink(h, "/runs", t["nav.runs"], active == "runs");
        NavLink(h, "/frontier", t["nav.frontier"], active == "frontier");
        NavLink(h, "/countries", t["nav.countries"], active == "countries");
        NavLink(h, "/audit", t["nav.audit"], active == "audit");
        NavLink(h, "/labels", t["nav.labels"], active == "labels");
        NavLink(h, "/admin", t["nav.admin"], active == "admin");
        h.Raw("</nav><div class=\"langs\">");
        var back = context.Request.Path + context.Request.QueryString;
        foreach (var code in UiLanguage.Codes)
        {
            h.Raw("<a").Attr("href", $"/lang/{code}?return={Uri.EscapeDataString(back)}").Attr("data-lang", code)
                .Attr("class", code == t.Code ? "on" : null).Raw(">").Text(UiText.For(code)["lang.name"]).Raw("</a>");
        }

        h.Raw("</div></header>");
        if (web.Simulated) h.Raw("<p class=\"banner\">").Text(t["sim.banner"]).Raw("</p>");
        h.Raw("<main>");
        body(h, t);
        h.Raw("</main>");
        foreach (var s in scripts ?? []) h.Raw("<script").Attr("src", s).Raw(" defer></script>");
        h.Raw("</body></html>");
        return TypedResults.Content(h.ToString(), "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    private static void NavLink(Html h, string href, string text, bool active) =>
        h.Raw("<a").Attr("href", href).Attr("class", active ? "on" : null).Raw(">").Text(text).Raw("</a>");
}
