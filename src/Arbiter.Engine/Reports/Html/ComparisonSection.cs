using System.Text;
using static Arbiter.Engine.Reports.Html.HtmlTable;

namespace Arbiter.Engine.Reports.Html;

/// <summary>The paired-comparison tables of the HTML report, one per suite/domain/language/overall group.</summary>
internal static class ComparisonSection
{
    public static void Append(StringBuilder sb, ComparisonSet set)
    {
        if (set.Groups.Count == 0) return;
        sb.Append("<h2>Paired comparisons</h2>\n<p class=\"sub\">Each pair is compared on the items both models answered (same suite, item and epoch). Δ = B − A in percentage points with a paired-bootstrap 95% interval; p from McNemar's exact test (paired t-test over item means for partial-credit scores or several epochs), Holm-adjusted within each table. <b>Bold</b>: adjusted p &lt; 0.05. Won/lost/tied count items from B's side.</p>\n");
        if (Fmt.Blocked(set.BlockedByPolicy) is { } blocked) sb.Append("<p class=\"note\">Not sent, so not paired: ").Append(Html.E(blocked)).Append(".</p>\n");
        // Pooled views first (what most readers want); the per-suite tables fold away.
        var pooled = set.Groups.Where(g => g.Scope != ComparisonScope.Suite).OrderBy(g => g.Scope == ComparisonScope.Overall ? 0 : (int)g.Scope).ToList();
        var suites = set.Groups.Where(g => g.Scope == ComparisonScope.Suite).ToList();
        Tables(sb, pooled);
        if (suites.Count == 0) return;
        if (pooled.Count == 0)
        {
            Tables(sb, suites);
            return;
        }

        sb.Append("<details><summary>").Append(Html.E(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Per suite ({suites.Count} suites)"))).Append("</summary>\n");
        Tables(sb, suites);
        sb.Append("</details>\n");
    }

    private static void Tables(StringBuilder sb, IEnumerable<ComparisonGroup> groups)
    {
        foreach (var g in groups)
        {
            sb.Append("<h3>").Append(Html.E(ComparisonHeadings.Of(g))).Append("</h3>\n");
            var t = new HtmlTable("model A", "model B", "Δ B−A, pp", "95% CI", "p", "p (Holm)", "B won", "B lost", "tied", "paired", "unpaired");
            foreach (var p in g.Pairs)
            {
                var c = p.Comparison;
                var sig = p.AdjustedPValue < 0.05 ? "sig" : null;
                var ci = c.Bootstrap.Interval;
                t.Row(Cell.T(p.ModelA), Cell.T(p.ModelB), Cell.N(Fmt.Pp(c.MeanDifference), c.MeanDifference, sig),
                    Cell.N($"[{Fmt.Pp(ci.Lower)}, {Fmt.Pp(ci.Upper)}]", ci.Lower), Cell.N(Fmt.P(c.PValue), c.PValue), Cell.N(Fmt.P(p.AdjustedPValue), p.AdjustedPValue, sig),
                    Cell.N(Fmt.Count(c.WinsB), c.WinsB), Cell.N(Fmt.Count(c.WinsA), c.WinsA), Cell.N(Fmt.Count(c.Ties), c.Ties), Cell.N(Fmt.Count(c.PairedCount), c.PairedCount),
                    Cell.N(Fmt.Count(c.Alignment.OnlyInA.Count + c.Alignment.OnlyInB.Count), c.Alignment.OnlyInA.Count + c.Alignment.OnlyInB.Count));
            }

            sb.Append(t);
        }
    }
}
