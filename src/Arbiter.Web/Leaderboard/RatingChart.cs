using System.Globalization;
using Arbiter.Engine.Arena;
using Arbiter.Web.Rendering;

namespace Arbiter.Web.Leaderboard;

/// <summary>An inline SVG of ratings with their intervals (a dot and a whisker per model), styled by attributes only.</summary>
public static class RatingChart
{
    private const int Width = 720;
    private const int Left = 170;
    private const int Right = 30;
    private const int RowHeight = 28;
    private const int Top = 24;

    /// <summary>Writes the chart for <paramref name="rows"/> (nothing when empty).</summary>
    public static void Write(Html h, IReadOnlyList<ArenaRow> rows, string title)
    {
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return;
        var min = rows.Min(r => r.Lower);
        var max = rows.Max(r => r.Upper);
        var pad = Math.Max(10, (max - min) * 0.05);
        (min, max) = (Math.Floor((min - pad) / 10) * 10, Math.Ceiling((max + pad) / 10) * 10);
        var height = Top + (rows.Count * RowHeight) + 30;
        double X(double rating) => Left + ((rating - min) / (max - min) * (Width - Left - Right));

        h.Raw("<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"").Attr("viewBox", F($"0 0 {Width} {height}"))
            .Attr("width", F($"{Width}")).Attr("height", F($"{height}")).Raw("><title>").Text(title).Raw("</title>");
        foreach (var tick in Ticks(min, max))
        {
            var x = X(tick);
            h.Raw("<line class=\"grid\"").Attr("x1", F($"{x:0.#}")).Attr("x2", F($"{x:0.#}")).Attr("y1", F($"{Top - 8}")).Attr("y2", F($"{height - 24}")).Raw(" stroke=\"#d8dde6\"/>")
                .Raw("<text class=\"tick\" text-anchor=\"middle\" font-size=\"11\" fill=\"#5b6472\"").Attr("x", F($"{x:0.#}")).Attr("y", F($"{height - 8}")).Raw(">")
                .Text(F($"{tick:0}")).Raw("</text>");
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = Top + (i * RowHeight) + (RowHeight / 2);
            h.Raw("<g class=\"row\"").Attr("data-model", r.Model).Raw("><text font-size=\"13\" fill=\"#1d2430\" text-anchor=\"end\"").Attr("x", F($"{Left - 10}")).Attr("y", F($"{y + 4}")).Raw(">")
                .Text(r.Model.Length > 22 ? r.Model[..21] + "…" : r.Model).Raw("</text>")
                .Raw("<line stroke=\"#3b6fd8\" stroke-width=\"2\"").Attr("x1", F($"{X(r.Lower):0.#}")).Attr("x2", F($"{X(r.Upper):0.#}")).Attr("y1", F($"{y}")).Attr("y2", F($"{y}")).Raw("/>")
                .Raw("<circle r=\"5\" fill=\"#1f4fb5\"").Attr("cx", F($"{X(r.Rating):0.#}")).Attr("cy", F($"{y}")).Raw("/></g>");
        }

        h.Raw("</svg>");
    }

    private static IEnumerable<double> Ticks(double min, double max)
    {
        var span = max - min;
        var step = span <= 100 ? 20 : span <= 300 ? 50 : span <= 800 ? 100 : 200;
        for (var t = Math.Ceiling(min / step) * step; t <= max; t += step) yield return t;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
