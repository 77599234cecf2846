using System.Globalization;
using Arbiter.Core.Storage;
using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Paired;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Web.Runs;

/// <summary><c>/runs/compare?a=…&amp;b=…</c>: two runs paired by item and epoch — wins, losses, mean difference and its test.</summary>
internal static class RunComparePage
{
    public static async Task<IResult> RenderAsync(string? a, string? b, HttpContext context, IRunStore store, CancellationToken cancellationToken)
    {
        var t0 = UiText.For(UiLanguage.Of(context));
        var runA = a is null ? null : await store.GetRunAsync(a, cancellationToken);
        var runB = b is null ? null : await store.GetRunAsync(b, cancellationToken);
        if (runA is null || runB is null)
        {
            return Layout.Page(context, t0["runs.notFound"], "runs", (h, t) => h.Element("h1", t["runs.notFound"]), status: StatusCodes.Status404NotFound);
        }

        var scoresA = await ScoresAsync(store, runA.RunId, cancellationToken);
        var scoresB = await ScoresAsync(store, runB.RunId, cancellationToken);
        var alignment = PairAlignment.Align(scoresA, scoresB);
        var comparison = alignment.Count == 0 ? null : PairedComparison.Compare(alignment, new BootstrapOptions { Rounds = 2000, Seed = 42 });
        return Layout.Page(context, t0["runs.compareTwo"], "runs", (h, t) =>
        {
            h.Element("h1", t["runs.compareTwo"]);
            h.Raw("<table class=\"compare\"><thead><tr><th></th><th>A</th><th>B</th></tr></thead><tbody>");
            Row(h, "ID", runA.RunId, runB.RunId);
            Row(h, t["runs.model"], runA.ModelId, runB.ModelId);
            Row(h, t["runs.suite"], runA.SuiteId, runB.SuiteId);
            if (comparison is not null) Row(h, t["runs.accuracy"], P(comparison.MeanA), P(comparison.MeanB));
            h.Raw("</tbody></table>");
            h.Raw("<dl class=\"facts\">");
            RunsPages.Fact(h, t["runs.paired"], alignment.Count.ToString(CultureInfo.InvariantCulture));
            if (comparison is not null)
            {
                RunsPages.Fact(h, t["runs.wins"] + " (A)", comparison.WinsA.ToString(CultureInfo.InvariantCulture));
                RunsPages.Fact(h, t["runs.losses"] + " (A)", comparison.WinsB.ToString(CultureInfo.InvariantCulture));
                RunsPages.Fact(h, t["runs.ties"], comparison.Ties.ToString(CultureInfo.InvariantCulture));
                RunsPages.Fact(h, t["runs.diff"], $"{comparison.MeanDifference.ToString("+0.0%;-0.0%;0%", CultureInfo.InvariantCulture)} [{comparison.Bootstrap.Interval.Lower.ToString("+0.0%;-0.0%;0%", CultureInfo.InvariantCulture)}, {comparison.Bootstrap.Interval.Upper.ToString("+0.0%;-0.0%;0%", CultureInfo.InvariantCulture)}]");
                RunsPages.Fact(h, t["runs.pvalue"], $"{comparison.PValue.ToString("0.0000", CultureInfo.InvariantCulture)} ({comparison.TestKind})");
            }

            h.Raw("</dl>");
        });
    }

    private static async Task<List<ScoredSample>> ScoresAsync(IRunStore store, string runId, CancellationToken cancellationToken)
    {
        var list = new List<ScoredSample>();
        await foreach (var s in store.ReadSamplesAsync(runId, cancellationToken)) list.Add(new ScoredSample(s.ItemId, s.Epoch, s.Score?.Value ?? 0));
        return list;
    }

    private static void Row(Html h, string name, string a, string b) => h.Raw("<tr>").Element("th", name).Element("td", a).Element("td", b).Raw("</tr>");

    private static string P(double v) => v.ToString("0.0%", CultureInfo.InvariantCulture);
}
