using System.Globalization;
using System.Text;

namespace Arbiter.Engine.Reports.Html;

/// <summary>Builds a sortable HTML table; numeric cells carry their raw value in <c>data-v</c> for sorting.</summary>
internal sealed class HtmlTable
{
    private readonly StringBuilder _sb = new();

    public HtmlTable(params string[] headers)
    {
        _sb.Append("<div class=\"scroll\"><table class=\"sortable\"><thead><tr>");
        for (var i = 0; i < headers.Length; i++) _sb.Append(i == 0 ? "<th class=\"t\">" : "<th>").Append(Html.E(headers[i])).Append("</th>");
        _sb.Append("</tr></thead><tbody>\n");
    }

    public HtmlTable Row(params Cell[] cells)
    {
        _sb.Append("<tr>");
        foreach (var c in cells)
        {
            _sb.Append("<td");
            if (c.Text) _sb.Append(" class=\"t\"");
            else if (c.Class is not null) _sb.Append(" class=\"").Append(c.Class).Append('"');
            if (c.Sort is { } v && double.IsFinite(v)) _sb.Append(" data-v=\"").Append(v.ToString("R", CultureInfo.InvariantCulture)).Append('"');
            _sb.Append('>').Append(Html.E(c.Display)).Append("</td>");
        }

        _sb.Append("</tr>\n");
        return this;
    }

    public override string ToString() => _sb + "</tbody></table></div>\n";

    /// <summary>A table cell: display text, optional numeric sort key, text (left-aligned) or a CSS class.</summary>
    public readonly record struct Cell(string Display, double? Sort = null, bool Text = false, string? Class = null)
    {
        public static Cell T(string text) => new(text, Text: true);

        public static Cell N(string display, double? sort, string? cls = null) => new(display, sort ?? double.NaN, Class: cls);
    }
}
