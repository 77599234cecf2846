using System.Globalization;
using System.Net;
using System.Text;
using Arbiter.Engine.Audit.Analysis;

namespace Arbiter.Engine.Audit.Report;

/// <summary>Inline SVG charts for the audit report: a model × topic heatmap and a language-divergence bar chart.</summary>
public static class AuditSvg
{
    private const int CellW = 34, CellH = 26, LeftW = 150, TopH = 120;

    /// <summary>
    /// Heatmap of non-answer rates on sensitive probes in one language about one target country: rows models,
    /// columns topics. One small map per target (rather than one map of every target × topic) keeps a 40-topic
    /// audit readable without horizontal scrolling: the report lays the maps side by side and wraps them.
    /// </summary>
    public static string Heatmap(IReadOnlyList<AuditCell> cells, string language, string targetCountry)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var sensitive = cells.Where(c => !c.Control && c.Language == language && c.TargetCountry == targetCountry && c.NonAnswer.Count > 0).ToList();
        var models = sensitive.Select(c => c.Model).Distinct().Order(StringComparer.Ordinal).ToList();
        var topics = sensitive.Select(c => c.Topic).Distinct().Order(StringComparer.Ordinal).ToList();
        var width = LeftW + (topics.Count * CellW) + 40;
        var height = TopH + (models.Count * CellH) + 10;
        var sb = new StringBuilder();
        sb.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" data-language=\"{language}\" data-target=\"{E(targetCountry)}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        sb.Append(F($"<text x=\"2\" y=\"14\" font-size=\"13\" font-weight=\"bold\">{E(targetCountry)}</text>"));
        for (var j = 0; j < topics.Count; j++)
        {
            var x = LeftW + (j * CellW) + (CellW / 2);
            sb.Append(F($"<text transform=\"translate({x},{TopH - 6}) rotate(-60)\">{E(topics[j])}</text>"));
        }

        for (var i = 0; i < models.Count; i++)
        {
            var y = TopH + (i * CellH);
            sb.Append(F($"<text x=\"{LeftW - 6}\" y=\"{y + 17}\" text-anchor=\"end\">{E(models[i])}</text>"));
            for (var j = 0; j < topics.Count; j++)
            {
                var cell = sensitive.FirstOrDefault(c => c.Model == models[i] && c.Topic == topics[j]);
                if (cell is null) continue;
                var rate = cell.NonAnswer.Mean;
                var x = LeftW + (j * CellW);
                sb.Append(F($"<rect class=\"cell\" x=\"{x}\" y=\"{y}\" width=\"{CellW - 2}\" height=\"{CellH - 2}\" fill=\"{Colour(rate)}\" data-rate=\"{rate:0.###}\">"));
                sb.Append(F($"<title>{E(models[i])} · {E(targetCountry)} · {E(topics[j])} ({language}): {rate:P0} non-answers, 95% CI {cell.NonAnswer.Interval.Lower:P0}–{cell.NonAnswer.Interval.Upper:P0}, n={cell.NonAnswer.Count}</title></rect>"));
                sb.Append(F($"<text x=\"{x + (CellW / 2) - 1}\" y=\"{y + 16}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{(rate > 0.55 ? "#fff" : "#222")}\">{rate * 100:0}</text>"));
            }
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>One <see cref="Heatmap"/> per target country with sensitive probes in <paramref name="language"/>, in order.</summary>
    public static string Heatmaps(IReadOnlyList<AuditCell> cells, string language)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var targets = cells.Where(c => c.Language == language && !c.Control).Select(c => c.TargetCountry).Distinct().Order(StringComparer.Ordinal);
        return string.Concat(targets.Select(target => Heatmap(cells, language, target)));
    }

    /// <summary>Bars of the non-answer rate difference between two languages for the same sensitive questions, per model and target.</summary>
    public static string Divergence(IReadOnlyList<LanguageDivergence> divergences)
    {
        ArgumentNullException.ThrowIfNull(divergences);
        const int barH = 18, left = 260, half = 200;
        var rows = divergences.Where(d => d.RateA.Count > 0).ToList();
        var height = 30 + (rows.Count * (barH + 4));
        var width = left + (2 * half) + 80;
        var sb = new StringBuilder();
        sb.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"divergence\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        sb.Append(F($"<line x1=\"{left + half}\" y1=\"10\" x2=\"{left + half}\" y2=\"{height - 5}\" stroke=\"#555\"/>"));
        sb.Append(F($"<text x=\"{left}\" y=\"20\">← more in the second language</text><text x=\"{left + half + 5}\" y=\"20\">more in the first language →</text>"));
        for (var i = 0; i < rows.Count; i++)
        {
            var d = rows[i];
            var y = 28 + (i * (barH + 4));
            var diff = d.Difference;
            var w = Math.Abs(diff) * half;
            var x = diff >= 0 ? left + half : left + half - w;
            sb.Append(F($"<text x=\"{left - 6}\" y=\"{y + 13}\" text-anchor=\"end\">{E(d.Model)} · {E(d.TargetCountry)} · {d.LanguageA} vs {d.LanguageB}</text>"));
            sb.Append(F($"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{y}\" width=\"{w:0.#}\" height=\"{barH}\" fill=\"{(diff >= 0 ? "#c0392b" : "#2874a6")}\" data-diff=\"{diff:0.###}\"><title>{d.LanguageA} {d.RateA.Mean:P0} vs {d.LanguageB} {d.RateB.Mean:P0}, McNemar p={d.Test.ExactPValue:0.####}</title></rect>"));
            sb.Append(F($"<text x=\"{left + (2 * half) + 6}\" y=\"{y + 13}\">{diff * 100:+0;-0;0} pp</text>"));
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>White (0) to dark red (1).</summary>
    private static string Colour(double rate)
    {
        var t = Math.Clamp(rate, 0, 1);
        int r = (int)(255 - (t * 75)), g = (int)(255 - (t * 215)), b = (int)(255 - (t * 215));
        return F($"#{r:x2}{g:x2}{b:x2}");
    }

    internal static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    internal static string E(string s) => WebUtility.HtmlEncode(s);
}
