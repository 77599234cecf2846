using Arbiter.Web.Hosting;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Arbiter.Web.Arena;

/// <summary>The blind battle page; its behaviour is in <c>/assets/js/arena.js</c>.</summary>
public static class ArenaPage
{
    /// <summary>Maps <c>GET /arena</c>.</summary>
    public static IEndpointRouteBuilder MapArenaPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/arena", async (HttpContext context, ArenaModels models, ArenaNotice notice, VoterIdentity voters, CancellationToken cancellationToken) =>
        {
            var t0 = UiText.For(UiLanguage.Of(context));
            var signedIn = await voters.SignedInAsync(context, cancellationToken);
            if (voters.Mode == VoterSignInMode.Required && signedIn is null)
            {
                // Nothing to do here without sign-in: say how to get it instead of a form whose Send can only fail.
                return Layout.Page(context, t0["arena.title"], "arena", (h, t) => h.Element("h1", t["arena.title"])
                    .Element("p", t["arena.signin.required"], "empty signin-required"));
            }

            // A battle needs two models: say so at once rather than show a form whose Send can only fail.
            var enabled = models.Enabled.Count;
            return enabled < 2
                ? Layout.Page(context, t0["arena.title"], "arena", (h, t) => h.Element("h1", t["arena.title"])
                    .Element("p", string.Format(System.Globalization.CultureInfo.InvariantCulture, t["arena.noModels"], enabled), "empty"))
                : Layout.Page(context, t0["arena.title"], "arena", (h, t) =>
                {
                    // Shown until accepted (before the first vote); the vote API refuses votes without the acceptance.
                    if (!notice.Accepted(context))
                    {
                        h.Raw("<section id=\"notice\" class=\"notice\">").Element("h2", t["arena.notice.title"]).Element("p", notice.Text)
                            .Raw("<button type=\"button\" id=\"notice-agree\">").Text(t["arena.notice.agree"]).Raw("</button></section>");
                    }

                    Body(h, t, signedIn);
                }, ["/assets/js/sse.js", "/assets/js/arena.js"]);
        });
        return app;
    }

    private static void Body(Html h, UiText t, Engine.Arena.Integrity.SignedInVoter? signedIn)
    {
        // Strings the script shows travel as data attributes: the CSP allows no inline script.
        h.Raw("<section id=\"arena\"").Attr("data-waiting", t["arena.waiting"]).Attr("data-thanks", t["arena.thanks"])
            .Attr("data-flagged", t["arena.flagged"]).Attr("data-error", t["arena.error"]).Attr("data-lang", t.Code)
            .Attr("data-stopped", t["arena.stopped"]).Attr("data-copied", t["arena.copied"]).Attr("data-share-note", t["arena.shareNote"])
            .Attr("data-retrying", t["arena.retrying"]).Attr("data-gave-up", t["arena.gaveUp"]).Raw(">");
        h.Element("h1", t["arena.title"]);
        VoterSignInPages.SignedInLine(h, t, signedIn);
        h.Element("p", t["arena.intro"], "intro");
        h.Raw("<form id=\"prompt-form\" class=\"prompt\"><label for=\"prompt\">").Text(t["arena.prompt"]).Raw("</label>")
            .Raw("<textarea id=\"prompt\" name=\"prompt\" rows=\"3\" maxlength=\"8000\" required").Attr("placeholder", t["arena.placeholder"]).Raw("></textarea>")
            .Raw("<div class=\"buttons\"><button type=\"submit\" id=\"send\">").Text(t["arena.send"]).Raw("</button>")
            .Raw("<button type=\"button\" id=\"random\" class=\"secondary\">").Text(t["arena.random"]).Raw("</button></div></form>");
        h.Raw("<div id=\"battle\" class=\"battle\" hidden>");
        Side(h, "a", t["arena.modelA"], t["arena.copy"]);
        Side(h, "b", t["arena.modelB"], t["arena.copy"]);
        h.Raw("</div>");
        // Stop shows while answers stream; Regenerate once a turn has finished, failed or been stopped, until the vote.
        h.Raw("<div id=\"controls\" class=\"buttons controls\"><button type=\"button\" id=\"stop\" class=\"secondary\" hidden>").Text(t["arena.stop"])
            .Raw("</button><button type=\"button\" id=\"regenerate\" class=\"secondary\" hidden>").Text(t["arena.regenerate"]).Raw("</button></div>");
        h.Raw("<div id=\"vote\" class=\"vote\" hidden>");
        VoteButton(h, "model_a", t["arena.voteA"]);
        VoteButton(h, "tie", t["arena.tie"]);
        VoteButton(h, "tie (bothbad)", t["arena.bothbad"]);
        VoteButton(h, "model_b", t["arena.voteB"]);
        h.Raw("</div>");
        h.Raw("<form id=\"followup-form\" class=\"prompt followup\" hidden><label for=\"followup\">").Text(t["arena.followup"]).Raw("</label>")
            .Raw("<textarea id=\"followup\" rows=\"2\" maxlength=\"8000\"></textarea><div class=\"buttons\"><button type=\"submit\">")
            .Text(t["arena.send"]).Raw("</button></div></form>");
        h.Raw("<p id=\"status\" class=\"status\" role=\"status\"></p>");
        h.Raw("<div id=\"result\" class=\"result\" hidden><p id=\"result-text\"></p><p><a href=\"/leaderboard\" id=\"to-board\">")
            .Text(t["nav.leaderboard"]).Raw(" →</a> <button type=\"button\" id=\"share\" class=\"secondary\">").Text(t["arena.share"])
            .Raw("</button> <button type=\"button\" id=\"again\">").Text(t["arena.new"]).Raw("</button></p>")
            .Raw("<p id=\"share-box\" hidden><input id=\"share-url\" type=\"text\" readonly> <span id=\"share-note\"></span></p></div>");
        h.Raw("</section>");
    }

    private static void Side(Html h, string side, string label, string copy) =>
        h.Raw("<article class=\"side\"").Attr("id", "side-" + side).Raw("><header><span class=\"label\">").Text(label)
            .Raw("</span> <span class=\"reveal\"").Attr("id", "reveal-" + side).Raw("></span><button type=\"button\" class=\"copy secondary\"")
            .Attr("id", "copy-" + side).Attr("data-side", side).Raw(" hidden>").Text(copy).Raw("</button></header><div class=\"answer\"")
            .Attr("id", "answer-" + side).Raw("></div></article>");

    private static void VoteButton(Html h, string winner, string text) =>
        h.Raw("<button type=\"button\" class=\"vote-btn\"").Attr("data-winner", winner).Raw(">").Text(text).Raw("</button>");
}
