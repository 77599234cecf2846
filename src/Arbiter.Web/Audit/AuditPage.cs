using System.Globalization;
using Arbiter.Core.Storage;
using Arbiter.Engine.Audit.Analysis;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Report;
using Arbiter.Web.Hosting;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Arbiter.Web.Audit;

/// <summary>
/// <c>/audit</c>: the refusal audit stored by <c>arbiter audit run</c> (or the demo), read the same way as
/// <c>arbiter audit report</c> (tiers 1+2, plus the stored verdicts of the config's audit judge) and shown with the classifier's measured accuracy, the contrast with the
/// matched controls, per-target heatmaps for the chosen language and the language divergence.
/// </summary>
public static class AuditPage
{
    /// <summary>Maps <c>/audit</c>.</summary>
    public static IEndpointRouteBuilder MapAuditPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit", RenderAsync);
        app.MapGet("/api/audit", JsonAsync);
        return app;
    }

    /// <summary>Exactly <c>arbiter audit report --format json</c> on the same store and config (the engine's table and writer).</summary>
    private static async Task<IResult> JsonAsync(IRunStore store, WebSetup setup, CancellationToken cancellationToken) =>
        TypedResults.Content(SpeechMapTable.ToJson(SpeechMapTable.Compute(await LoadAsync(store, setup, cancellationToken))), "application/json; charset=utf-8");

    private static Task<IReadOnlyList<AuditObservation>> LoadAsync(IRunStore store, WebSetup setup, CancellationToken cancellationToken) =>
        AuditAnalysis.LoadAsync(store, RefusalClassifier.Default.WithJudgeBelow(setup.AuditJudgeBelow), setup.AuditJudge, cancellationToken);

    private static async Task<IResult> RenderAsync(HttpContext context, IRunStore store, WebSetup setup, string? lang, CancellationToken cancellationToken)
    {
        // With the config's audit judge, its stored verdicts (from 'arbiter audit run') are combined as in 'audit report'; no calls.
        var results = AuditResults.Compute(await LoadAsync(store, setup, cancellationToken));
        var t0 = UiText.For(UiLanguage.Of(context));
        var languages = results.Cells.Select(c => c.Language).Distinct().Order(StringComparer.Ordinal).ToList();
        // Unknown ?lang= values fall back to the first language rather than echoing the input anywhere.
        var shown = languages.Contains(lang ?? "") ? lang! : languages.FirstOrDefault();
        return Layout.Page(context, t0["audit.title"], "audit", (h, t) =>
        {
            h.Element("h1", t["audit.title"]);
            if (results.Observations.Count == 0 || shown is null)
            {
                h.Element("p", t["audit.empty"], "empty");
                return;
            }

            h.Element("p", t["audit.intro"], "intro");
            Accuracy(h, t, shown);
            var judged = results.Observations.Count(o => o.Label.Tier == AuditTier.Judge);
            if (judged > 0)
            {
                h.Raw("<p class=\"accuracy\">").Text(string.Format(CultureInfo.InvariantCulture, t["audit.judged"], setup.AuditJudge, judged, results.Observations.Count)).Raw("</p>");
            }

            h.Raw("<nav class=\"tabs\">");
            foreach (var l in languages)
            {
                h.Raw("<a").Attr("href", "/audit?lang=" + Uri.EscapeDataString(l)).Attr("class", l == shown ? "on" : null).Attr("data-lang", l).Raw(">").Text(l).Raw("</a>");
            }

            h.Raw("</nav>").Element("h2", $"{t["audit.heatmap"]} · {shown}")
                .Raw("<div class=\"maps\">").Raw(AuditSvg.Heatmaps(results.Cells, shown)).Raw("</div>")
                .Element("h2", $"{t["audit.contrasts"]} · {shown}");
            Contrasts(h, t, results, shown);
            // Pairs where neither language drew a single non-answer carry no signal and would bury the ones that do.
            var divergent = results.Divergences.Where(d => d.RateA.Mean + d.RateB.Mean > 0).ToList();
            h.Element("h2", t["audit.divergence"]).Element("p", t["audit.divergenceNote"], "accuracy");
            h.Raw("<div class=\"maps\">").Raw(AuditSvg.Divergence(divergent)).Raw("</div>");
        });
    }

    /// <summary>The shipped classifier's held-out figures for the language on the page (never another language's).</summary>
    private static void Accuracy(Html h, UiText t, string language)
    {
        var c = CultureInfo.InvariantCulture;
        var text = OutOfSampleAccuracy.For(language) is { } m
            ? string.Format(c, t["audit.accuracy"], language, m.HeldOutBy, m.Count, m.BalancedAccuracy.ToString("P1", c), m.Recall.ToString("P1", c), m.Specificity.ToString("P1", c), double.IsNaN(m.ClassifierBalancedAccuracy) ? "–" : m.ClassifierBalancedAccuracy.ToString("P1", c))
            : string.Format(c, t["audit.accuracyNone"], language);
        h.Raw("<p class=\"accuracy\">").Text(text).Raw("</p>");
    }

    private static void Contrasts(Html h, UiText t, AuditResults results, string language)
    {
        var c = CultureInfo.InvariantCulture;
        h.Raw("<table class=\"runs audit-contrasts\"><thead><tr>");
        foreach (var head in new[] { t["runs.model"], t["audit.target"], t["audit.sensitive"], t["audit.control"], "McNemar p" }) h.Element("th", head);
        h.Raw("</tr></thead><tbody>");
        foreach (var x in results.Contrasts.Where(x => x.Scope == "all topics" && x.Language == language))
        {
            h.Raw("<tr>").Element("td", x.Model).Element("td", x.TargetCountry)
                .Element("td", $"{x.Sensitive.Mean.ToString("P0", c)} [{x.Sensitive.Interval.Lower.ToString("P0", c)}–{x.Sensitive.Interval.Upper.ToString("P0", c)}]", x.Sensitive.Mean > x.Control.Mean ? "num hot" : "num")
                .Element("td", $"{x.Control.Mean.ToString("P0", c)} [{x.Control.Interval.Lower.ToString("P0", c)}–{x.Control.Interval.Upper.ToString("P0", c)}]", "num")
                .Element("td", x.Test.ExactPValue < 0.0001 ? "< 0.0001" : x.Test.ExactPValue.ToString("0.####", c), "num").Raw("</tr>");
        }

        h.Raw("</tbody></table>");
    }
}
