using System.Globalization;
using Arbiter.Engine.Frontier;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;

namespace Arbiter.Web.Frontier;

/// <summary>The tables of <c>/frontier</c> and <c>/countries</c>, in the UI's language.</summary>
internal static class FrontierTables
{
    public static void LagTable(Html h, UiText t, IEnumerable<FrontierLagRow> rows, string? caption)
    {
        h.Raw("<table class=\"board frontier\">");
        if (caption is not null) h.Element("caption", caption);
        h.Raw("<thead><tr>");
        foreach (var head in new[] { t["frontier.group"], t["frontier.benchmark"], t["frontier.current"], t["frontier.median"], t["frontier.ci"], t["frontier.records"] }) h.Element("th", head);
        h.Raw("</tr></thead><tbody>");
        var inv = CultureInfo.InvariantCulture;
        foreach (var r in rows)
        {
            var censored = r.Records.Count(x => x.Censored);
            var records = r.Benchmark == "*" ? "" : r.Records.Count.ToString(inv) + (censored > 0 ? " (" + string.Format(inv, t["frontier.censored"], censored) + ")" : "");
            h.Raw("<tr").Attr("data-group", r.Group).Attr("data-benchmark", r.Benchmark).Raw(">")
                .Element("td", r.Group).Element("td", r.Benchmark == "*" ? t["frontier.all"] : r.Benchmark)
                .Element("td", Days(t, r.CurrentLagDays), "num").Element("td", Days(t, r.MedianRecordLagDays), "num")
                .Element("td", string.Create(inv, $"{r.Lower:0.#} – {r.Upper:0.#}"), "num").Element("td", records, "num").Raw("</tr>");
        }

        h.Raw("</tbody></table>");
    }

    public static void RankTable(Html h, UiText t, IReadOnlyList<GroupRankRow> rows)
    {
        if (rows.Count == 0)
        {
            h.Element("p", t["countries.empty"], "empty");
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        h.Raw("<table class=\"board countries\"><thead><tr>");
        foreach (var head in new[] { t["frontier.benchmark"], t["frontier.group"], t["countries.best"], t["countries.score"], t["countries.rank"], t["countries.models"], t["countries.mean"], t["frontier.ci"] }) h.Element("th", head);
        h.Raw("</tr></thead><tbody>");
        foreach (var r in rows)
        {
            h.Raw("<tr").Attr("data-group", r.Group).Attr("data-benchmark", r.Benchmark).Raw(">")
                .Element("td", r.Benchmark).Element("td", r.Group).Element("td", r.BestModel)
                .Element("td", F(r.BestScore), "num")
                .Element("td", string.Format(inv, t["countries.ranks"], r.BestRank, r.RankedModels), "num")
                .Element("td", r.Models.ToString(inv), "num").Element("td", F(r.Mean), "num")
                .Element("td", r.Models < 2 ? "" : F(r.Lower) + " – " + F(r.Upper), "num").Raw("</tr>");
        }

        h.Raw("</tbody></table>");
    }

    private static string Days(UiText t, double days) =>
        string.Format(CultureInfo.InvariantCulture, t["frontier.days"], days.ToString("0.#", CultureInfo.InvariantCulture), FrontierDates.Months(days).ToString("0.0", CultureInfo.InvariantCulture));

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
