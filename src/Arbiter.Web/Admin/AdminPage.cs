using Arbiter.Web.Arena;
using Arbiter.Web.Hosting;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Web.Admin;

/// <summary>
/// <c>/admin</c>: 401 with a key form unless the request carries the admin key. The browser keeps
/// the key only in the page's memory (admin.js) and sends it as a header; it is never put in a
/// cookie, a URL or the page.
/// </summary>
internal static class AdminPage
{
    public static async Task<IResult> Render(HttpContext context, ArenaModels models, Arbiter.Core.Arena.IArenaIntegrityStore store, VoterIdentity voters,
        CancellationToken cancellationToken)
    {
        var allowed = Security.IsAdmin(context);
        var blocked = new List<Arbiter.Core.Arena.BlockedPrompt>();
        var voids = new List<Arbiter.Core.Arena.VoidedGroup>();
        var links = new List<VoterLink>();
        if (allowed)
        {
            await foreach (var p in store.ReadBlockedPromptsAsync(100, cancellationToken)) blocked.Add(p);
            await foreach (var v in store.ReadVoidsAsync(cancellationToken)) voids.Add(v);
            links = await AdminVotersApi.ListLinksAsync(voters.SignIn, cancellationToken);
        }

        var title = UiText.For(UiLanguage.Of(context))["admin.title"];
        return Layout.Page(context, title, "admin", (h, t) =>
        {
            h.Raw("<section id=\"admin\"").Attr("data-refused", t["admin.refused"]).Attr("data-disable", t["admin.disable"]).Attr("data-enable", t["admin.enable"])
                .Attr("data-remove", t["admin.remove"]).Raw(">");
            h.Element("h1", t["admin.title"]);
            h.Raw("<form id=\"key-form\" class=\"prompt\" autocomplete=\"off\"><label for=\"admin-key\">").Text(t["admin.key"]).Raw("</label>")
                .Raw("<input type=\"password\" id=\"admin-key\" autocomplete=\"off\"><div class=\"buttons\"><button type=\"submit\" id=\"unlock\">")
                .Text(t["admin.unlock"]).Raw("</button></div></form>");
            h.Raw("<p id=\"admin-status\" class=\"status refused\" role=\"alert\">");
            if (!allowed) h.Text(t["admin.refused"]);
            h.Raw("</p><div id=\"admin-panel\"").Attr("hidden", allowed ? null : "hidden").Raw(">");
            h.Element("h2", t["admin.models"]);
            h.Element("p", t["admin.persisted"]);
            h.Raw("<table class=\"runs\"><tbody id=\"admin-models\">");
            if (allowed)
            {
                foreach (var m in AdminApi.Describe(models)) h.Raw("<tr>").Element("td", m.Id).Element("td", m.BaseUrl).Element("td", m.Enabled ? "✓" : "—").Raw("</tr>");
            }

            h.Raw("</tbody></table><h2>").Text(t["admin.add"]).Raw("</h2><form id=\"add-form\" class=\"filters\">")
                .Raw("<input name=\"id\" placeholder=\"id\" required><input name=\"baseUrl\" placeholder=\"http://127.0.0.1:8000/v1\" required>")
                .Raw("<input name=\"model\" required").Attr("placeholder", t["admin.placeholder.model"]).Raw("><input name=\"apiKeyEnv\"").Attr("placeholder", t["admin.placeholder.key"]).Raw(">")
                .Raw("<input name=\"jurisdiction\"").Attr("placeholder", t["admin.placeholder.jurisdiction"]).Raw("><button type=\"submit\">").Text(t["admin.add"]).Raw("</button></form>")
                .Raw("<p><button type=\"button\" id=\"export\">").Text(t["admin.export"]).Raw("</button> <button type=\"button\" id=\"delete-pending\" class=\"secondary\">")
                .Text(t["admin.delete"]).Raw("</button></p>");
            VotersSection(h, t, links, voters.Mode);
            h.Element("h2", t["admin.void"]).Element("p", t["admin.void.help"]);
            h.Raw("<form id=\"void-form\" class=\"filters\"").Attr("data-done", t["admin.void.done"]).Raw("><input name=\"voter\"").Attr("placeholder", t["admin.void.voter"])
                .Raw("><input name=\"signedIn\"").Attr("placeholder", t["admin.void.signedIn"]).Raw("><input name=\"from\" type=\"datetime-local\"><input name=\"to\" type=\"datetime-local\"><input name=\"reason\"").Attr("placeholder", t["admin.void.reason"])
                .Raw("><button type=\"submit\">").Text(t["admin.void"]).Raw("</button></form>");
            h.Element("h3", t["admin.voids"]);
            h.Raw("<table class=\"runs\"><tbody id=\"admin-voids\"").Attr("data-none", t["admin.voids.none"]).Attr("data-undo", t["admin.undo"])
                .Attr("data-undone", t["admin.undo.done"]).Raw(">");
            foreach (var v in voids) VoidRow(h, t, v);
            h.Raw("</tbody></table>");
            h.Element("h2", t["admin.blocked"]);
            h.Raw("<table class=\"runs\"><tbody id=\"admin-blocked\"").Attr("data-none", t["admin.blocked.none"]).Raw(">");
            if (allowed)
            {
                foreach (var p in blocked) h.Raw("<tr>").Element("td", DateTimeOffset.FromUnixTimeMilliseconds(p.AtMs).ToString("u", System.Globalization.CultureInfo.InvariantCulture))
                    .Element("td", p.Voter).Element("td", p.Rule).Element("td", p.Excerpt).Raw("</tr>");
            }

            h.Raw("</tbody></table></div></section>");
        }, ["/assets/js/admin.js"], allowed ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized);
    }

    /// <summary>Voter sign-in links: the create form, the once-shown link, and one row per link (admin.js renders the same rows).</summary>
    private static void VotersSection(Html h, UiText t, List<VoterLink> links, VoterSignInMode mode)
    {
        h.Element("h2", t["admin.voters"]).Element("p", string.Format(System.Globalization.CultureInfo.InvariantCulture, t["admin.voters.help"], mode.ToString().ToLowerInvariant()));
        h.Raw("<form id=\"voter-form\" class=\"filters\"><input name=\"name\" required maxlength=\"200\"").Attr("placeholder", t["admin.voters.name"])
            .Raw("><button type=\"submit\">").Text(t["admin.voters.create"]).Raw("</button></form>")
            .Raw("<p id=\"voter-link\" hidden><label for=\"voter-link-url\">").Text(t["admin.voters.link"]).Raw("</label> <input id=\"voter-link-url\" type=\"text\" readonly></p>");
        h.Raw("<table class=\"runs\"><tbody id=\"admin-voters\"").Attr("data-none", t["admin.voters.none"]).Attr("data-revoke", t["admin.voters.revoke"])
            .Attr("data-revoked", t["admin.voters.revoked"]).Attr("data-void-votes", t["admin.voters.voidVotes"]).Raw(">");
        foreach (var v in links)
        {
            h.Raw("<tr>").Element("td", v.Name).Element("td", DateTimeOffset.FromUnixTimeMilliseconds(v.CreatedAtMs).ToString("u", System.Globalization.CultureInfo.InvariantCulture))
                .Element("td", v.RevokedAtMs is null ? "✓" : t["admin.voters.revoked"]).Element("td", v.VoterId).Raw("<td>");
            if (v.RevokedAtMs is null) VoterButton(h, "revoke-voter", v, t["admin.voters.revoke"]);
            VoterButton(h, "void-voter", v, t["admin.voters.voidVotes"]);
            h.Raw("</td></tr>");
        }

        h.Raw("</tbody></table>");
    }

    private static void VoterButton(Html h, string cls, VoterLink v, string text) =>
        h.Raw("<button type=\"button\"").Attr("class", "secondary " + cls).Attr("data-name", v.Name).Attr("data-identity", v.Identity).Raw(">").Text(text).Raw("</button>");

    /// <summary>A void with its Undo button (admin.js renders the same row after a void or an undo).</summary>
    private static void VoidRow(Html h, UiText t, Arbiter.Core.Arena.VoidedGroup v) =>
        h.Raw("<tr>").Element("td", DateTimeOffset.FromUnixTimeMilliseconds(v.AtMs).ToString("u", System.Globalization.CultureInfo.InvariantCulture))
            .Element("td", v.Reason).Element("td", v.Battles.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Raw("<td><button type=\"button\" class=\"secondary undo-void\"").Attr("data-at", v.AtMs.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Attr("data-reason", v.Reason).Raw(">").Text(t["admin.undo"]).Raw("</button></td></tr>");
}
