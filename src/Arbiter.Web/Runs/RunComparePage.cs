using System.Globalization;
using Arbiter.Core.Storage;
using Arbiter.Engine.Reports;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Arbiter.Web.Runs;

/// <summary>
/// <c>/runs/compare?a=…&amp;b=…</c> and <c>/api/runs/compare</c>: two runs compared by the engine's
/// <see cref="RunComparison"/> — the same pairing, checks and defaults as <c>arbiter compare A B</c>.
/// </summary>
internal static class RunComparePage
{
    public static async Task<IResult> RenderAsync(string? a, string? b, HttpContext context, IRunStore store, CancellationToken cancellationToken)
    {
        var t0 = UiText.For(UiLanguage.Of(context));
        var c = a is null || b is null ? null : await RunComparison.CompareAsync(store, a, b, cancellationToken: cancellationToken);
        if (c is null)
        {
            return Layout.Page(context, t0["runs.notFound"], "runs", (h, t) => h.Element("h1", t["runs.notFound"]), status: StatusCodes.Status404NotFound);
        }

        return Layout.Page(context, t0["runs.compareTwo"], "runs", (h, t) =>
        {
            h.Element("h1", t["runs.compareTwo"]);
            h.Raw("<table class=\"compare\"><thead><tr><th></th><th>A</th><th>B</th></tr></thead><tbody>");
            Row(h, "ID", c.RunA.RunId, c.RunB.RunId);
            Row(h, t["runs.model"], c.RunA.ModelId, c.RunB.ModelId);
            Row(h, t["runs.suite"], $"{c.RunA.SuiteId} v{c.RunA.SuiteVersion}", $"{c.RunB.SuiteId} v{c.RunB.SuiteVersion}");
            if (c.MeanA is { } ma && c.MeanB is { } mb) Row(h, t["runs.accuracy"], P(ma), P(mb));
            h.Raw("</tbody></table>");
            h.Raw("<dl class=\"facts\">");
            RunsPages.Fact(h, t["runs.paired"], c.Paired.ToString(CultureInfo.InvariantCulture));
            if (c.Difference is { } d)
            {
                RunsPages.Fact(h, t["runs.wins"] + " (A)", c.WinsA.ToString(CultureInfo.InvariantCulture));
                RunsPages.Fact(h, t["runs.losses"] + " (A)", c.WinsB.ToString(CultureInfo.InvariantCulture));
                RunsPages.Fact(h, t["runs.ties"], c.Ties.ToString(CultureInfo.InvariantCulture));
                RunsPages.Fact(h, t["runs.diff"], $"{Signed(d)} [{Signed(c.Lower ?? double.NaN)}, {Signed(c.Upper ?? double.NaN)}] ({t["runs.diffNote"]})");
                RunsPages.Fact(h, t["runs.pvalue"], $"{(c.PValue ?? double.NaN).ToString("0.0000", CultureInfo.InvariantCulture)} ({c.Test})");
            }

            h.Raw("</dl>");
            if (c.Set.Notices.Count > 0)
            {
                h.Element("p", t["runs.notPaired"], c.Difference is null ? "empty" : "note").Raw("<ul class=\"notices\">");
                foreach (var n in c.Set.Notices) h.Element("li", n);
                h.Raw("</ul>");
            }
        });
    }

    /// <summary>Exactly <c>arbiter compare A B --format json</c> (the engine's writer); 404 for an unknown run.</summary>
    public static async Task<Results<ContentHttpResult, NotFound>> JsonAsync(string? a, string? b, IRunStore store, CancellationToken cancellationToken)
    {
        var c = a is null || b is null ? null : await RunComparison.CompareAsync(store, a, b, cancellationToken: cancellationToken);
        return c is null ? TypedResults.NotFound() : TypedResults.Content(CompareJsonWriter.Render(c.Set), "application/json; charset=utf-8");
    }

    private static void Row(Html h, string name, string a, string b) => h.Raw("<tr>").Element("th", name).Element("td", a).Element("td", b).Raw("</tr>");

    private static string P(double v) => v.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Signed(double v) => v.ToString("+0.0%;-0.0%;0%", CultureInfo.InvariantCulture);
}
