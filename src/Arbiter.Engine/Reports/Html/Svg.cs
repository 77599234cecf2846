using System.Globalization;
using System.Text;

namespace Arbiter.Engine.Reports.Html;

/// <summary>A small inline-SVG writer: coordinates rounded to 0.1 px and written culture-invariantly.</summary>
internal sealed class Svg
{
    /// <summary>Tableau-10: distinguishable, colour-blind-aware; models beyond ten reuse colours but every mark is also labelled.</summary>
    public static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    private readonly StringBuilder _sb = new();

    public Svg(double width, double height, string label)
    {
        _sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" role=\"img\" aria-label=\"{Html.E(label)}\">\n");
    }

    /// <summary>
    /// An SVG whose accessible name and description are its own <c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c> (read by
    /// screen readers and shown as a tooltip); <paramref name="id"/> must be unique on the page. Text is styled by
    /// presentation attributes by callers that need it to render the same under a strict CSP with no stylesheet.
    /// </summary>
    public Svg(double width, double height, string id, string title, string description)
    {
        _sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" role=\"img\" aria-labelledby=\"{Html.E(id)}-t {Html.E(id)}-d\" font-family=\"system-ui, sans-serif\">\n");
        _sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{Html.E(id)}-t\">{Html.E(title)}</title>\n<desc id=\"{Html.E(id)}-d\">{Html.E(description)}</desc>\n");
    }

    public static string N(double v) => Math.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Colour(int index) => Palette[index % Palette.Length];

    public Svg Rect(double x, double y, double w, double h, string fill, string? extra = null) =>
        Raw($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(w, 0))}\" height=\"{N(Math.Max(h, 0))}\" fill=\"{fill}\"{Extra(extra)}/>");

    public Svg Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? extra = null) =>
        Raw($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\" stroke-width=\"{N(width)}\"{Extra(extra)}/>");

    public Svg Circle(double cx, double cy, double r, string fill, string? extra = null) =>
        Raw($"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\" fill=\"{fill}\"{Extra(extra)}/>");

    public Svg Text(double x, double y, string text, string? cls = null, string anchor = "start", string? extra = null) =>
        Raw($"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\"{(cls is null ? "" : $" class=\"{cls}\"")}{Extra(extra)}>{Html.E(text)}</text>");

    public Svg Title(string tooltip) => Raw($"<title>{Html.E(tooltip)}</title>");

    public Svg Raw(string markup)
    {
        _sb.Append(markup).Append('\n');
        return this;
    }

    /// <summary>Vertical grid lines and labels of a horizontal value axis.</summary>
    public Svg XAxis(double x0, double x1, double top, double bottom, double min, double max, Func<double, string> label)
    {
        foreach (var t in Ticks(min, max))
        {
            var x = x0 + ((t - min) / (max - min) * (x1 - x0));
            Line(x, top, x, bottom, "#e3e3e3");
            Text(x, bottom + 14, label(t), "ax", "middle");
        }

        return this;
    }

    /// <summary>Roughly five "nice" ticks (1, 2, 5 × 10^k steps) covering [min, max].</summary>
    public static IReadOnlyList<double> Ticks(double min, double max)
    {
        if (!(max > min)) return [min];
        var raw = (max - min) / 5;
        var mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(f => f * mag).First(s => s >= raw);
        var ticks = new List<double>();
        for (var t = Math.Ceiling(min / step) * step; t <= max + (step * 1e-9); t += step) ticks.Add(Math.Round(t, 10));
        return ticks;
    }

    public override string ToString() => _sb + "</svg>\n";

    private static string Extra(string? extra) => extra is null ? "" : " " + extra;
}
