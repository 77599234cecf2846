namespace Arbiter.Engine.Reports.Html;

/// <summary>Language × domain heatmap: one row per model and language, one column per domain, colour = score.</summary>
internal static class Heatmap
{
    private const double Left = 260, CellW = 96, CellH = 24, Top = 44;

    public static string Render(EvaluationReport report)
    {
        var rows = report.Cells.Select(c => (c.Model, c.Language)).Distinct().OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Language, StringComparer.Ordinal).ToList();
        var width = Left + (CellW * report.Domains.Count) + 20;
        var height = Top + (CellH * rows.Count) + 60;
        var svg = new Svg(Math.Max(width, Left + 560), height, "Score heatmap by language and domain");
        for (var j = 0; j < report.Domains.Count; j++) svg.Text(Left + (j * CellW) + (CellW / 2), Top - 10, report.Domains[j], "lbl b", "middle");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = Top + (i * CellH);
            svg.Text(Left - 8, y + 16, $"{rows[i].Model} · {rows[i].Language}", "lbl", "end");
            for (var j = 0; j < report.Domains.Count; j++)
            {
                var x = Left + (j * CellW);
                var cell = report.Cells.FirstOrDefault(c => c.Model == rows[i].Model && c.Language == rows[i].Language && c.Domain == report.Domains[j]);
                if (cell is null || cell.Score.IsEmpty)
                {
                    svg.Rect(x + 1, y + 1, CellW - 2, CellH - 2, "#f2f2f2");
                    svg.Text(x + (CellW / 2), y + 16, "–", "ax", "middle");
                    continue;
                }

                var v = cell.Score.Mean;
                svg.Raw("<g>").Title($"{cell.Model} · {cell.Language} · {cell.Domain}: {Fmt.ScoreCi(cell.Score)} (n = {Fmt.Count(cell.Score.Count)})");
                svg.Rect(x + 1, y + 1, CellW - 2, CellH - 2, Colour(v));
                var half = (cell.Score.Interval.Upper - cell.Score.Interval.Lower) * 50;
                svg.Text(x + (CellW / 2), y + 16, $"{Fmt.Pct(v)} ±{Fmt.Num(half, 0)}", v > 0.6 ? "hv w" : "hv", "middle");
                svg.Raw("</g>");
            }
        }

        // Legend: the colour scale from 0 to 100 %.
        var ly = Top + (CellH * rows.Count) + 18;
        svg.Text(Left - 8, ly + 11, "score, %", "ax", "end");
        for (var k = 0; k < 20; k++) svg.Rect(Left + (k * 12), ly, 12, 12, Colour((k + 0.5) / 20));
        foreach (var t in new[] { 0, 50, 100 }) svg.Text(Left + (t * 2.4), ly + 26, Fmt.Count(t), "ax", "middle");
        svg.Text(Left + 260, ly + 11, "cell: score ± half-width of the 95% interval", "ax");
        return svg.ToString();
    }

    /// <summary>White → blue ramp (sequential, prints in greyscale).</summary>
    internal static string Colour(double v)
    {
        v = Math.Clamp(v, 0, 1);
        static int Mix(int a, int b, double t) => (int)Math.Round(a + ((b - a) * t));
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"#{Mix(247, 8, v):x2}{Mix(251, 69, v):x2}{Mix(255, 148, v):x2}");
    }
}
