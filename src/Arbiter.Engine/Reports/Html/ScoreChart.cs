namespace Arbiter.Engine.Reports.Html;

/// <summary>
/// Scores per model × domain with 95 % Wilson whiskers, drawn as horizontal rows (one per model in
/// each domain block) so that labels never collide however many models there are.
/// </summary>
internal static class ScoreChart
{
    private const double Width = 980, Left = 300, Right = 60, Row = 16, BlockGap = 14, Top = 34;

    public static string Render(EvaluationReport report)
    {
        var blocks = report.Domains.Select(d => (Name: d, Cells: report.DomainScores.Where(c => c.Domain == d).ToList())).ToList();
        blocks.Add(("all domains", [.. report.ModelSummaries.Select(s => new ScoreCell(s.Model, "*", "*", s.Score))]));
        var height = Top + blocks.Sum(b => (b.Cells.Count * Row) + BlockGap) + 30;
        var svg = new Svg(Width, height, "Scores per model and domain with 95% confidence intervals");
        var x0 = Left;
        var x1 = Width - Right;
        double X(double v) => x0 + (v * (x1 - x0));
        svg.Text(x0, 14, "score, % (dot) with 95% Wilson interval (whisker); errors count as wrong", "ax");
        svg.XAxis(x0, x1, Top - 6, height - 24, 0, 1, t => Fmt.Pct(t).Replace(".0", "", StringComparison.Ordinal));
        var y = Top;
        foreach (var (name, cells) in blocks)
        {
            svg.Text(8, y + 12, name, "lbl b");
            for (var i = 0; i < cells.Count; i++)
            {
                var c = cells[i];
                var cy = y + (i * Row) + (Row / 2);
                var colour = Svg.Colour(IndexOf(report.Models, c.Model));
                if (i % 2 == 1) svg.Rect(Left - 180, cy - (Row / 2), x1 - Left + 180, Row, "#f7f7f7");
                svg.Text(Left - 8, cy + 4, c.Model, "lbl", "end");
                if (c.Score.IsEmpty)
                {
                    svg.Text(x0 + 4, cy + 4, "no samples", "ax");
                    continue;
                }

                svg.Raw("<g>");
                svg.Title($"{c.Model} · {name}: {Fmt.ScoreCi(c.Score)} (n = {Fmt.Count(c.Score.Count)})");
                svg.Line(X(c.Score.Interval.Lower), cy, X(c.Score.Interval.Upper), cy, colour, 2);
                svg.Line(X(c.Score.Interval.Lower), cy - 4, X(c.Score.Interval.Lower), cy + 4, colour, 1.5);
                svg.Line(X(c.Score.Interval.Upper), cy - 4, X(c.Score.Interval.Upper), cy + 4, colour, 1.5);
                svg.Circle(X(c.Score.Mean), cy, 4, colour, "stroke=\"#fff\" stroke-width=\"1\"");
                svg.Raw("</g>");
                svg.Text(X(c.Score.Interval.Upper) + 6, cy + 4, Fmt.Pct(c.Score.Mean), "val");
            }

            y += (cells.Count * Row) + BlockGap;
            svg.Line(8, y - (BlockGap / 2), x1, y - (BlockGap / 2), "#ccc");
        }

        return svg.ToString();
    }

    internal static int IndexOf(IReadOnlyList<string> models, string model)
    {
        for (var i = 0; i < models.Count; i++)
        {
            if (string.Equals(models[i], model, StringComparison.Ordinal)) return i;
        }

        return 0;
    }
}
