using Arbiter.Core.Arena;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Arbiter.Web.Arena;

/// <summary>
/// <c>GET /arena/shared/{id}</c>: a battle its voter shared after the reveal, read-only. Answers go through the
/// same Markdig + HtmlSanitizer path as the live arena; prompts are text. The page names the models, never the voter.
/// </summary>
public static class SharedBattlePage
{
    /// <summary>Maps the page.</summary>
    public static IEndpointRouteBuilder MapSharedBattlePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/arena/shared/{id}", ShowAsync);
        return app;
    }

    private static async Task<IResult> ShowAsync(string id, HttpContext context, IArenaConversationStore store, ArenaModels models, MarkdownRenderer markdown,
        CancellationToken cancellationToken)
    {
        // Unlisted by design: search engines should not index a link only its recipients know.
        context.Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        var t0 = UiText.For(UiLanguage.Of(context));
        var share = id.Length == 32 && id.All(char.IsAsciiHexDigitLower) ? await store.FindSharedBattleAsync(id, cancellationToken) : null;
        if (share is null)
        {
            return Layout.Page(context, t0["shared.title"], "arena", (h, t) => h.Element("h1", t["shared.title"]).Element("p", t["shared.notFound"], "empty")
                .Raw("<p><a href=\"/arena\">").Text(t["shared.own"]).Raw(" →</a></p>"), status: StatusCodes.Status404NotFound);
        }

        return Layout.Page(context, t0["shared.title"], "arena", (h, t) =>
        {
            h.Raw("<section id=\"shared\"").Attr("data-copied", t["arena.copied"]).Raw(">").Element("h1", t["shared.title"]).Element("p", t["shared.intro"], "intro");
            h.Raw("<div class=\"battle revealed\"").Attr("data-winner", share.Winner).Raw(">");
            Side(h, markdown, t, "a", share.ModelA, models.Find(share.ModelA)?.Spec.Origin, share.ConversationA, share.Winner == BattleWinner.ModelA);
            Side(h, markdown, t, "b", share.ModelB, models.Find(share.ModelB)?.Spec.Origin, share.ConversationB, share.Winner == BattleWinner.ModelB);
            h.Raw("</div>");
            h.Raw("<p class=\"result\" id=\"verdict\"><strong>").Text(t["shared.verdict"]).Raw(":</strong> ").Text(Verdict(t, share.Winner)).Raw("</p>");
            // Buttons stay hidden until the script wires them: without it they would do nothing.
            h.Raw("<p><button type=\"button\" class=\"secondary\" id=\"copy-link\" hidden>").Text(t["shared.copyLink"]).Raw("</button></p>");
            h.Raw("<p><a href=\"/arena\" id=\"to-arena\">").Text(t["shared.own"]).Raw(" →</a></p></section>");
        }, ["/assets/js/shared.js"]);
    }

    private static void Side(Html h, MarkdownRenderer markdown, UiText t, string side, string model, string? origin, string conversation, bool won)
    {
        var turns = ConversationText.Parse(conversation);
        h.Raw("<article class=\"side").Raw(won ? " winner" : "").Raw("\"").Attr("id", "side-" + side).Raw("><header><span class=\"label\">")
            .Text(side == "a" ? t["arena.modelA"] : t["arena.modelB"]).Raw("</span> <span class=\"reveal\"").Attr("id", "reveal-" + side).Raw(">")
            .Text(origin is null ? model : model + " · " + origin).Raw("</span><button type=\"button\" class=\"copy secondary\"").Attr("id", "copy-" + side)
            .Attr("data-side", side).Raw(" hidden>").Text(t["arena.copy"]).Raw("</button></header><div class=\"answer\"").Attr("id", "answer-" + side).Raw(">");
        foreach (var turn in turns)
        {
            if (turn.Role == "user") h.Element("div", turn.Content, "turn-prompt");
            else h.Raw("<div class=\"turn-answer\">").Raw(markdown.Render(turn.Content)).Raw("</div>");
        }

        h.Raw("</div>");
        // The copy button gives the latest answer as the model wrote it (Markdown), as in the arena: kept as escaped text, never run.
        h.Raw("<pre hidden").Attr("id", "markdown-" + side).Raw(">").Text(turns.LastOrDefault(x => x.Role == "assistant")?.Content ?? "").Raw("</pre></article>");
    }

    private static string Verdict(UiText t, string winner) => winner switch
    {
        BattleWinner.ModelA => t["arena.voteA"],
        BattleWinner.ModelB => t["arena.voteB"],
        BattleWinner.TieBothBad => t["arena.bothbad"],
        _ => t["arena.tie"],
    };
}
