using System.Globalization;
using Arbiter.Engine.Labelling;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Web.Labels;

/// <summary>
/// <c>/labels/i/{token}</c>: one labeller's workbench. Server-rendered so it works without script; the script only
/// adds keyboard shortcuts. Only the prompt and the reply are shown — never the model or the classifier's label.
/// </summary>
internal static class LabellerPage
{
    public static async Task<IResult> RenderAsync(HttpContext context, string token, string? item, LabellingService service, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var session = await service.OpenAsync(token, cancellationToken).ConfigureAwait(false);
        var t0 = UiText.For(UiLanguage.Of(context));
        if (session is null) return Layout.Page(context, t0["labels.title"], "labels", (h, t) => h.Element("p", t["labels.invalid"], "empty"), status: StatusCodes.Status404NotFound);
        var work = await service.WorkAsync(session, cancellationToken).ConfigureAwait(false);
        // ?item= revisits an item (e.g. a skipped one); otherwise the first unanswered one.
        var shown = work.Items.FirstOrDefault(i => i.ItemId == item) ?? work.Next;
        var csrf = antiforgery.GetAndStoreTokens(context);
        context.Response.Headers.CacheControl = "no-store";
        return Layout.Page(context, session.Task.Name, "labels", (h, t) =>
        {
            h.Raw("<section id=\"labeller\" class=\"labeller\">").Element("h1", session.Task.Name);
            h.Raw("<p class=\"progress\" id=\"labels-progress\">").Text(string.Format(CultureInfo.InvariantCulture, t["labels.progress"], work.Done, work.Items.Count))
                .Raw(" · ").Text(session.Labeller).Raw("</p>")
                .Raw("<progress").Attr("max", work.Items.Count.ToString(CultureInfo.InvariantCulture)).Attr("value", work.Done.ToString(CultureInfo.InvariantCulture)).Raw("></progress>");
            if (shown is null)
            {
                h.Element("p", t["labels.done"], "done");
                h.Raw("</section>");
                return;
            }

            var mine = work.Mine.GetValueOrDefault(shown.ItemId);
            h.Raw("<article class=\"item\" id=\"labels-item\">")
                .Element("h2", t["labels.prompt"]).Element("div", shown.Prompt, "prompt")
                .Element("h2", t["labels.reply"]).Element("div", shown.Reply, "reply").Raw("</article>");
            h.Raw("<form method=\"post\" class=\"choices\"").Attr("action", "/labels/i/" + Uri.EscapeDataString(token)).Raw(">")
                .Raw("<input type=\"hidden\"").Attr("name", csrf.FormFieldName).Attr("value", csrf.RequestToken).Raw(">")
                .Raw("<input type=\"hidden\" name=\"item\"").Attr("value", shown.ItemId).Raw(">");
            for (int k = 0; k < session.Task.Labels.Count; k++)
            {
                var label = session.Task.Labels[k];
                var key = k < 9 ? (k + 1).ToString(CultureInfo.InvariantCulture) : null;
                h.Raw("<button type=\"submit\" name=\"label\"").Attr("value", label).Attr("data-key", key)
                    .Attr("class", mine?.Label == label ? "on" : null).Raw(">")
                    .Raw(key is null ? "" : $"<kbd>{key}</kbd> ").Text(Display(t, label)).Raw("</button>");
            }

            h.Raw("<button type=\"submit\" name=\"skip\" value=\"1\" data-key=\"s\" class=\"secondary\"><kbd>s</kbd> ").Text(t["labels.skip"]).Raw("</button>")
                .Raw("<label class=\"note\">").Text(t["labels.note"]).Raw("<textarea name=\"note\" rows=\"2\" maxlength=\"2000\">").Text(mine?.Note).Raw("</textarea></label>")
                .Raw("</form>").Element("p", t["labels.shortcuts"], "hint").Raw("</section>");
        }, ["/assets/js/labels.js"]);
    }

    public static async Task<IResult> PostAsync(HttpContext context, string token, LabellingService service, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false)) return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid anti-forgery token.");
        var session = await service.OpenAsync(token, cancellationToken).ConfigureAwait(false);
        if (session is null) return TypedResults.NotFound();
        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var skip = form["skip"].ToString() == "1";
        try
        {
            await service.LabelAsync(session, form["item"].ToString(), skip ? null : form["label"].ToString(), form["note"].ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch (LabellingException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: ex.Message);
        }

        // Post/redirect/get: a reload never submits twice; the next unanswered item follows.
        return TypedResults.Redirect("/labels/i/" + Uri.EscapeDataString(token));
    }

    /// <summary>The localized name of a register; a custom label is shown as written.</summary>
    internal static string Display(UiText t, string label) => LabellingService.Registers.Contains(label) ? t["labels.reg." + label] : label;
}
