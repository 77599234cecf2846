using System.Globalization;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Reports;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Arbiter.Web.Runs;

/// <summary>The run browser: the list, one run's report, and the paired comparison of two runs.</summary>
public static class RunsPages
{
    private const int MaxSamplesShown = 500;

    /// <summary>Maps <c>/runs</c>, <c>/runs/{id}</c>, <c>/runs/compare</c> and <c>/report</c>.</summary>
    public static IEndpointRouteBuilder MapRunsPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/runs", ListAsync);
        app.MapGet("/runs/compare", RunComparePage.RenderAsync);
        app.MapGet("/api/runs/compare", RunComparePage.JsonAsync);
        app.MapGet("/report", ReportPage.RenderAsync);
        app.MapGet("/runs/{id}", ReportAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IRunStore store, CancellationToken cancellationToken)
    {
        // The same figures as 'arbiter runs list' (the engine's RunResults), not a second computation here.
        var summaries = new List<RunResult>();
        await foreach (var run in store.ListRunsAsync(cancellationToken)) summaries.Add(await RunResults.ComputeAsync(store, run, cancellationToken));

        return Layout.Page(context, UiText.For(UiLanguage.Of(context))["runs.title"], "runs", (h, t) =>
        {
            h.Element("h1", t["runs.title"]);
            if (summaries.Count == 0)
            {
                h.Element("p", t["runs.empty"], "empty");
                return;
            }

            h.Raw("<p><a class=\"report-link\" href=\"/report\">").Text(t["runs.report"]).Raw("</a></p>");
            CompareForm(h, t, summaries);
            h.Raw("<table class=\"runs\"><thead><tr>");
            foreach (var head in new[] { "ID", t["runs.suite"], t["runs.model"], t["runs.status"], t["runs.accuracy"], t["runs.samples"], t["runs.errors"] }) h.Element("th", head);
            h.Raw("</tr></thead><tbody>");
            foreach (var s in summaries)
            {
                h.Raw("<tr><td><a").Attr("href", "/runs/" + Uri.EscapeDataString(s.Run.RunId)).Raw(">").Text(s.Run.RunId).Raw("</a></td>")
                    .Element("td", s.Run.SuiteId).Element("td", s.Run.ModelId).Element("td", t["runs.status." + s.Run.Status])
                    .Element("td", s.Accuracy.IsEmpty ? "—" : s.Accuracy.Mean.ToString("0.0%", CultureInfo.InvariantCulture), "num")
                    .Element("td", s.Samples.ToString(CultureInfo.InvariantCulture), "num").Element("td", s.Errors.ToString(CultureInfo.InvariantCulture), "num")
                    .Raw("</tr>");
            }

            h.Raw("</tbody></table>");
        });
    }

    private static void CompareForm(Html h, UiText t, List<RunResult> summaries)
    {
        h.Raw("<form class=\"filters\" method=\"get\" action=\"/runs/compare\"><strong>").Text(t["runs.compareTwo"]).Raw("</strong>");
        foreach (var (name, index) in new[] { ("a", 0), ("b", 1) })
        {
            h.Raw("<select").Attr("name", name).Raw(">");
            for (var i = 0; i < summaries.Count; i++)
            {
                var r = summaries[i].Run;
                h.Raw("<option").Attr("value", r.RunId).Attr("selected", i == index ? "selected" : null).Raw(">")
                    .Text($"{r.ModelId} · {r.SuiteId} · {r.RunId}").Raw("</option>");
            }

            h.Raw("</select>");
        }

        h.Raw("<button type=\"submit\">").Text(t["runs.compare"]).Raw("</button></form>");
    }

    private static async Task<IResult> ReportAsync(string id, HttpContext context, IRunStore store, CancellationToken cancellationToken)
    {
        var t0 = UiText.For(UiLanguage.Of(context));
        var run = await store.GetRunAsync(id, cancellationToken);
        if (run is null) return Layout.Page(context, t0["runs.notFound"], "runs", (h, t) => h.Element("h1", t["runs.notFound"]), status: StatusCodes.Status404NotFound);
        var result = await RunResults.ComputeAsync(store, run, cancellationToken);
        var samples = new List<SampleRecord>();
        await foreach (var s in store.ReadSamplesAsync(id, cancellationToken))
        {
            if (samples.Count < MaxSamplesShown) samples.Add(s);
        }

        return Layout.Page(context, run.RunId, "runs", (h, t) =>
        {
            h.Element("h1", $"{run.ModelId} · {run.SuiteId}");
            h.Raw("<p><a class=\"report-link\"").Attr("href", "/report?run=" + Uri.EscapeDataString(run.RunId)).Raw(">").Text(t["runs.report"]).Raw("</a></p>");
            h.Raw("<dl class=\"facts\">");
            Fact(h, "ID", run.RunId);
            var inv = CultureInfo.InvariantCulture;
            Fact(h, t["runs.accuracy"], result.Accuracy.IsEmpty ? "—"
                : $"{result.Accuracy.Mean.ToString("0.0%", inv)} [{result.Accuracy.Interval.Lower.ToString("0.0%", inv)}, {result.Accuracy.Interval.Upper.ToString("0.0%", inv)}]");
            Fact(h, t["runs.samples"], result.Samples.ToString(inv));
            Fact(h, t["runs.errors"], result.Errors.ToString(inv));
            if (result.BlockedByPolicy > 0) Fact(h, t["runs.blocked"], result.BlockedByPolicy.ToString(inv));
            Fact(h, t["runs.tokens"], result.TokensUnknown ? t["runs.unknown"] : $"{result.InputTokens.ToString(inv)} / {result.OutputTokens.ToString(inv)}");
            if (result.Cost is { } cost)
            {
                var spent = result.CacheHits > 0 && result.SpentCost is { } sp
                    ? " (" + string.Format(inv, t["runs.spent"], sp.ToString("0.####", inv), result.Currency, result.CacheHits) + ")" : "";
                Fact(h, t["runs.cost"], $"{cost.ToString("0.####", inv)} {result.Currency}{spent}");
            }

            Fact(h, t["runs.latency"], $"{result.MeanLatencyMs.ToString("0", inv)} ms");
            h.Raw("</dl><table class=\"samples\"><thead><tr>");
            foreach (var head in new[] { t["runs.item"], "#", t["runs.answer"], t["runs.score"] }) h.Element("th", head);
            h.Raw("</tr></thead><tbody>");
            foreach (var s in samples)
            {
                var answer = s.Response.Text ?? s.Response.Error ?? "";
                h.Raw("<tr>").Element("td", s.ItemId).Element("td", s.Epoch.ToString(CultureInfo.InvariantCulture), "num")
                    .Element("td", answer.Length > 400 ? answer[..400] + "…" : answer, "answer-cell")
                    .Element("td", s.Score?.Value.ToString("0.##", CultureInfo.InvariantCulture) ?? "—", "num").Raw("</tr>");
            }

            h.Raw("</tbody></table>");
        });
    }

    internal static void Fact(Html h, string name, string value) => h.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value).Raw("</dd>");
}
