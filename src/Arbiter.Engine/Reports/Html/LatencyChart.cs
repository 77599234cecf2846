using Arbiter.Engine.Metrics;

namespace Arbiter.Engine.Reports.Html;

/// <summary>Latency distribution per model as box plots: whiskers p5–p95, box p25–p75, median bar, p99 tick.</summary>
internal static class LatencyChart
{
    private const double Width = 980, Left = 200, Right = 40, Row = 26, Top = 30;

    public static string Render(EvaluationReport report)
    {
        var models = report.ModelSummaries.Where(s => s.Efficiency.Calls > 0).ToList();
        var height = Top + (models.Count * Row) + 56;
        var svg = new Svg(Width, height, "Latency distribution per model");
        var max = models.Count == 0 ? 1 : Math.Max(1, models.Max(m => m.Efficiency.LatencyQuantilesMs[^1]));
        var x1 = Width - Right;
        double X(double v) => Left + (v / max * (x1 - Left));
        svg.XAxis(Left, x1, Top - 6, Top + (models.Count * Row), 0, max, t => Fmt.Ms(t));
        svg.Text(Left, 14, "latency per call, ms", "ax");
        for (var i = 0; i < models.Count; i++)
        {
            var m = models[i];
            var q = m.Efficiency.LatencyQuantilesMs;
            var cy = Top + (i * Row) + (Row / 2);
            var colour = Svg.Colour(ScoreChart.IndexOf(report.Models, m.Model));
            svg.Text(Left - 8, cy + 4, m.Model, "lbl", "end");
            svg.Raw("<g>").Title(Tooltip(m.Model, m.Efficiency));
            svg.Line(X(q[0]), cy, X(q[4]), cy, colour, 1.5);
            svg.Line(X(q[0]), cy - 5, X(q[0]), cy + 5, colour, 1.5);
            svg.Line(X(q[4]), cy - 5, X(q[4]), cy + 5, colour, 1.5);
            svg.Rect(X(q[1]), cy - 7, X(q[3]) - X(q[1]), 14, colour, "fill-opacity=\"0.35\" stroke=\"" + colour + "\"");
            svg.Line(X(q[2]), cy - 7, X(q[2]), cy + 7, "#222", 2);
            svg.Circle(X(q[5]), cy, 2.5, "#222");
            svg.Raw("</g>");
        }

        var ly = Top + (models.Count * Row) + 34;
        svg.Line(Left, ly, Left + 30, ly, "#555", 1.5).Text(Left + 36, ly + 4, "p5–p95", "ax");
        svg.Rect(Left + 100, ly - 6, 26, 12, "#bbb").Text(Left + 132, ly + 4, "p25–p75", "ax");
        svg.Line(Left + 200, ly - 7, Left + 200, ly + 7, "#222", 2).Text(Left + 206, ly + 4, "median", "ax");
        svg.Circle(Left + 270, ly, 2.5, "#222").Text(Left + 276, ly + 4, "p99", "ax");
        return svg.ToString();
    }

    private static string Tooltip(string model, EfficiencyMetrics e) =>
        $"{model}: p50 {Fmt.Ms(e.LatencyP50Ms)} ms, p95 {Fmt.Ms(e.LatencyP95Ms)} ms, p99 {Fmt.Ms(e.LatencyP99Ms)} ms over {Fmt.Count(e.Calls)} calls";
}
