using System.Globalization;
using System.Text;
using Arbiter.Engine.Frontier;
using static Arbiter.Engine.Reports.Html.HtmlTable;

namespace Arbiter.Engine.Reports.Html;

/// <summary>
/// The HTML report's "By country and organisation" section: per grouping a table of each group's best model per suite,
/// that model's rank among all the report's models, and the group's mean with its 95 % interval (the same rows as
/// <c>arbiter leaderboard --by</c> and the web's <c>/countries</c>). The first grouping is open, the others folded.
/// </summary>
internal static class GroupSection
{
    public static void Append(StringBuilder sb, IReadOnlyList<ReportGroupView> views)
    {
        if (views.Count == 0) return;
        sb.Append("<section id=\"groups\"><h2>By country, organisation and weights</h2>\n<p class=\"sub\">")
            .Append("Each group's best model per suite and its rank among all models in this report (1 + the number of models scoring strictly higher), ")
            .Append("and the group's mean score with a 95% Student-t interval over its models, cut to [0, 1] because scores are fractions (no interval for a one-model group). ")
            .Append("Groups come from the origin recorded with each run (<code>origin: CC / Organisation (open weights)</code> in arbiter.yaml); models without one are ranked but not grouped.</p>\n");
        for (var i = 0; i < views.Count; i++)
        {
            var v = views[i];
            var name = Name(v.Grouping);
            sb.Append(i == 0 ? "<h3>" : "<details><summary>").Append(Html.E("By " + name)).Append(i == 0 ? "</h3>\n" : "</summary>\n");
            var t = new HtmlTable("suite", name, "best model", "score", "rank", "models", "mean", "95% CI");
            foreach (var r in v.Rows)
            {
                t.Row(Cell.T(r.Benchmark), Cell.T(r.Group), Cell.T(r.BestModel), Cell.N(F(r.BestScore), r.BestScore),
                    Cell.N(string.Create(CultureInfo.InvariantCulture, $"{GroupRanking.Ordinal(r.BestRank)} of {r.RankedModels}"), r.BestRank),
                    Cell.N(r.Models.ToString(CultureInfo.InvariantCulture), r.Models), Cell.N(F(r.Mean), r.Mean),
                    Cell.N(r.Models < 2 ? "" : $"{F(r.Lower)} – {F(r.Upper)}", r.Models < 2 ? null : r.Lower));
            }

            sb.Append(t.ToString()).Append(i == 0 ? "" : "</details>\n");
        }

        sb.Append("</section>\n");
    }

    private static string Name(FrontierGrouping grouping) => grouping switch
    {
        FrontierGrouping.Organization => "organisation",
        FrontierGrouping.Weights => "weights",
        _ => "country",
    };

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
