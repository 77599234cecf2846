using System.Globalization;
using System.Text;

namespace Arbiter.Engine.Reports;

/// <summary>Writes a report, or just a comparison set, as GitHub-flavoured Markdown.</summary>
public static class MarkdownReportWriter
{
    /// <summary>The whole report.</summary>
    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("# ").Append(Esc(report.Options.Title)).Append("\n\n");
        sb.Append(Inv($"{report.Models.Count} models · {report.Runs.Count} runs · {report.SampleCount} samples. Scores: share of items correct (errors and refusals count as wrong; samples blocked by policy are left out; with epochs, each item's mean over its epochs), 95% Wilson intervals over items.\n\n"));
        Notices(sb, report.Notices);
        if (report.Runs.Count == 0) return sb.ToString();
        sb.Append("## Models\n\n| model | score % [95% CI] | n | errors | content filter | blocked by policy | p50 ms | p95 ms | p99 ms | TTFT p50 | out tok/s | tokens/item | cost | cost/correct |\n");
        sb.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var m in report.ModelSummaries)
        {
            var e = m.Efficiency;
            Row(sb, m.Model, Fmt.ScoreCi(m.Score), Fmt.Count(m.Score.Count), Html.HtmlReportWriter.Errors(e.Outcomes), Fmt.Count(e.Outcomes.ContentFilter), Fmt.Count(m.BlockedByPolicy),
                Fmt.Ms(e.LatencyP50Ms), Fmt.Ms(e.LatencyP95Ms), Fmt.Ms(e.LatencyP99Ms), Fmt.Ms(e.TtftP50Ms), e.OutputTokensPerSecond is { } t ? Fmt.Num(t) : "–",
                Fmt.Tokens(e.TokensPerItem), Fmt.Costs(e), Fmt.Money(e.CostPerCorrect));
        }

        if (report.HasEpochs)
        {
            sb.Append("\n## Consistency across epochs\n\nCorrect = full credit; majority vote: correct in more than half of an item's epochs.\n\n| model | items | epochs | always / sometimes / never correct | majority vote % | agreement % |\n|---|---:|---:|---:|---:|---:|\n");
            foreach (var m in report.ModelSummaries)
            {
                var c = m.Consistency;
                Row(sb, m.Model, Fmt.Count(c.Items), Fmt.Count(c.MaxEpochs), Fmt.Consistency(c), Fmt.Pct(c.MajorityVoteAccuracy), Fmt.Pct(c.Agreement));
            }
        }

        sb.Append("\n## Scores by domain and language\n\n| model | lang | ").Append(string.Join(" | ", report.Domains.Select(Esc))).Append(" |\n|---|---|")
            .Append(string.Concat(report.Domains.Select(_ => "---:|"))).Append('\n');
        foreach (var (model, lang) in report.Cells.Select(c => (c.Model, c.Language)).Distinct().OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Language, StringComparer.Ordinal))
        {
            var cells = report.Domains.Select(d => report.Cells.FirstOrDefault(c => c.Model == model && c.Language == lang && c.Domain == d) is { } c ? Fmt.ScoreCi(c.Score) : "–");
            Row(sb, [model, lang, .. cells]);
        }

        sb.Append('\n').Append(Comparisons(report.Comparisons, includeNotices: false));
        ReplayReportSection.Markdown(sb, report.Replays, Esc);
        return sb.ToString();
    }

    /// <summary>The comparison tables, one per group.</summary>
    public static string Comparisons(ComparisonSet set, bool includeNotices = true)
    {
        ArgumentNullException.ThrowIfNull(set);
        var sb = new StringBuilder();
        sb.Append("## Paired comparisons\n\n");
        sb.Append(Inv($"Δ = B − A in percentage points, paired bootstrap 95% CI ({set.Bootstrap.Rounds} rounds, seed {set.Bootstrap.Seed}); p: McNemar exact (paired t over item means for partial credit or several epochs), Holm-adjusted per table; **bold** = adjusted p < 0.05. Won/lost/tied from B's side.\n\n"));
        if (includeNotices) Notices(sb, set.Notices);
        if (Fmt.Blocked(set.BlockedByPolicy) is { } blocked) sb.Append("Not sent, so not paired: ").Append(Esc(blocked)).Append(".\n\n");
        if (!set.HasPairs) sb.Append("No pairs could be compared.\n");
        foreach (var g in set.Groups)
        {
            sb.Append("### ").Append(Esc(ComparisonHeadings.Of(g))).Append("\n\n");
            sb.Append("| model A | model B | Δ B−A, pp | 95% CI | p | p (Holm) | B won | B lost | tied | paired | unpaired |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var p in g.Pairs)
            {
                var c = p.Comparison;
                var diff = p.AdjustedPValue < 0.05 ? $"**{Fmt.Pp(c.MeanDifference)}**" : Fmt.Pp(c.MeanDifference);
                Row(sb, p.ModelA, p.ModelB, diff, $"[{Fmt.Pp(c.Bootstrap.Interval.Lower)}, {Fmt.Pp(c.Bootstrap.Interval.Upper)}]", Fmt.P(c.PValue), Fmt.P(p.AdjustedPValue),
                    Fmt.Count(c.WinsB), Fmt.Count(c.WinsA), Fmt.Count(c.Ties), Fmt.Count(c.PairedCount), Fmt.Count(c.Alignment.OnlyInA.Count + c.Alignment.OnlyInB.Count));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static void Notices(StringBuilder sb, IReadOnlyList<string> notices)
    {
        if (notices.Count == 0) return;
        sb.Append("> **Read this first**\n>\n");
        foreach (var n in notices) sb.Append("> - ").Append(Esc(n)).Append('\n');
        sb.Append('\n');
    }

    private static void Row(StringBuilder sb, params string[] cells) => sb.Append("| ").Append(string.Join(" | ", cells.Select(c => c.StartsWith("**", StringComparison.Ordinal) ? c : Esc(c)))).Append(" |\n");

    private static string Esc(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
