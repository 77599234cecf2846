namespace Arbiter.Engine.Reports.Html;

/// <summary>
/// Score vs cost per item, one panel per currency (prices are never converted). Filled points are
/// on the Pareto frontier: no other model in that currency is both cheaper and better.
/// </summary>
internal static class ParetoChart
{
    private const double W = 460, H = 320, L = 56, R = 20, T = 30, B = 46;

    public sealed record Point(string Model, int Colour, double CostPerItem, Statistics.Intervals.ProportionEstimate Score);

    public static IReadOnlyList<(string Currency, string Svg)> Render(EvaluationReport report)
    {
        var points = report.ModelSummaries
            .Where(s => s.Efficiency.CostPerItem is not null && !s.Score.IsEmpty)
            .Select(s => (s.Efficiency.CostPerItem!.Value.Currency, new Point(s.Model, ScoreChart.IndexOf(report.Models, s.Model), (double)s.Efficiency.CostPerItem!.Value.Amount, s.Score)))
            .GroupBy(p => p.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
        return [.. points.Select(g => (g.Key, Panel(g.Key, [.. g.Select(p => p.Item2)])))];
    }

    /// <summary>Models on the frontier: sorted by cost, each strictly better than every cheaper one.</summary>
    public static IReadOnlySet<string> Frontier(IReadOnlyList<Point> points)
    {
        var best = double.NegativeInfinity;
        var frontier = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in points.OrderBy(p => p.CostPerItem).ThenByDescending(p => p.Score.Mean).ThenBy(p => p.Model, StringComparer.Ordinal))
        {
            if (p.Score.Mean > best)
            {
                frontier.Add(p.Model);
                best = p.Score.Mean;
            }
        }

        return frontier;
    }

    private static string Panel(string currency, List<Point> points)
    {
        var svg = new Svg(W, H, $"Score versus cost per item in {currency}");
        var maxCost = points.Max(p => p.CostPerItem);
        var xmax = maxCost > 0 ? maxCost * 1.15 : 1;
        var ymin = Math.Max(0, Math.Floor((points.Min(p => p.Score.Interval.Lower) * 10) - 0.5) / 10);
        double X(double c) => L + (c / xmax * (W - L - R));
        double Y(double s) => H - B - ((s - ymin) / (1 - ymin) * (H - T - B));
        svg.Text(L, 16, $"{currency}: score vs cost per item", "lbl b");
        svg.XAxis(L, W - R, T, H - B, 0, xmax, t => Fmt.Amount((decimal)t));
        foreach (var t in Svg.Ticks(ymin, 1))
        {
            svg.Line(L, Y(t), W - R, Y(t), "#e3e3e3");
            svg.Text(L - 6, Y(t) + 4, Fmt.Pct(t).Replace(".0", "", StringComparison.Ordinal), "ax", "end");
        }

        svg.Text(L, H - 8, $"cost per item, {currency} →", "ax");
        svg.Text(14, (T + H - B) / 2, "score, %", "ax", "middle", $"transform=\"rotate(-90 14 {Svg.N((T + H - B) / 2)})\"");
        var frontier = Frontier(points);
        var onFrontier = points.Where(p => frontier.Contains(p.Model)).OrderBy(p => p.CostPerItem).ToList();
        if (onFrontier.Count > 1)
        {
            svg.Raw($"<polyline fill=\"none\" stroke=\"#888\" stroke-dasharray=\"4 3\" points=\"{string.Join(" ", onFrontier.Select(p => $"{Svg.N(X(p.CostPerItem))},{Svg.N(Y(p.Score.Mean))}"))}\"/>");
        }

        // Labels go right of their point; when two would overlap, the lower one moves down.
        var placed = new List<(double X, double Y)>();
        foreach (var p in points.OrderByDescending(p => p.Score.Mean).ThenBy(p => p.Model, StringComparer.Ordinal))
        {
            var (x, y) = (X(p.CostPerItem), Y(p.Score.Mean));
            var colour = Svg.Colour(p.Colour);
            svg.Raw("<g>").Title($"{p.Model}: {Fmt.ScoreCi(p.Score)}, {Fmt.Amount((decimal)p.CostPerItem)} {currency} per item");
            svg.Line(x, Y(p.Score.Interval.Lower), x, Y(p.Score.Interval.Upper), colour, 1.5);
            svg.Circle(x, y, 5, frontier.Contains(p.Model) ? colour : "#fff", $"stroke=\"{colour}\" stroke-width=\"2\"");
            svg.Raw("</g>");
            var labelW = (p.Model.Length * 6.5) + 8;
            var anchorEnd = x + labelW > W - R;
            var ly = y + 4;
            while (placed.Any(q => Math.Abs(q.Y - ly) < 13 && Math.Abs(q.X - x) < labelW)) ly += 13;
            placed.Add((x, ly));
            svg.Text(anchorEnd ? x - 8 : x + 8, ly, p.Model, "lbl", anchorEnd ? "end" : "start");
        }

        svg.Circle(W - 150, H - 12, 4, "#555").Text(W - 142, H - 8, "frontier", "ax");
        svg.Circle(W - 80, H - 12, 4, "#fff", "stroke=\"#555\" stroke-width=\"2\"").Text(W - 72, H - 8, "dominated", "ax");
        return svg.ToString();
    }
}
