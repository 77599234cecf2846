using System.Security.Cryptography;
using System.Text;
using Arbiter.Core.Storage;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Reports.Html;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Web.Runs;

/// <summary>
/// <c>/report</c>: the same self-contained HTML report as <c>arbiter report</c> (charts, heatmap, Pareto, paired
/// comparisons), for every stored benchmark run or a selection (<c>?run=</c>, <c>?model=</c>, <c>?suite=</c>,
/// <c>?domain=</c>, <c>?language=</c>, each repeatable). The report carries one inline style and one inline
/// script; this response's Content-Security-Policy allows exactly those two by hash and nothing else.
/// </summary>
internal static class ReportPage
{
    /// <summary>The policy for the report: its own inline style and script by SHA-256, no other source at all.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src '{Hash(HtmlReportWriter.InlineStyle)}'; script-src '{Hash(HtmlReportWriter.InlineScript)}'; img-src data:; " +
        "base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

    public static async Task<IResult> RenderAsync(HttpContext context, IRunStore store, CancellationToken cancellationToken)
    {
        var q = context.Request.Query;
        var filter = new RunFilter
        {
            RunIds = [.. q["run"].OfType<string>()],
            Models = [.. q["model"].OfType<string>()],
            Suites = [.. q["suite"].OfType<string>()],
            Domains = [.. q["domain"].OfType<string>()],
            Languages = [.. q["language"].OfType<string>()],
        };
        IReadOnlyList<RunData> runs;
        try
        {
            runs = await filter.LoadAsync(store, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            // The message would echo the requested id; the page says only that it is unknown.
            return Layout.Page(context, UiText.For(UiLanguage.Of(context))["runs.notFound"], "runs", (h, t) => h.Element("h1", t["runs.notFound"]), status: StatusCodes.Status404NotFound);
        }

        if (runs.Count == 0)
        {
            return Layout.Page(context, UiText.For(UiLanguage.Of(context))["runs.title"], "runs", (h, t) => h.Element("h1", t["runs.title"]).Element("p", t["runs.empty"], "empty"));
        }

        // The report itself is the engine's (in English, like the file 'arbiter report' writes); the way back is in the UI's language.
        var report = ReportBuilder.Build(runs, new ReportOptions { GeneratedAt = DateTimeOffset.UtcNow, BackLink = ("/runs", UiText.For(UiLanguage.Of(context))["nav.back"]) });
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return TypedResults.Content(HtmlReportWriter.Render(report), "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
}
