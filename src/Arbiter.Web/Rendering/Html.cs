using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Arbiter.Web.Rendering;

/// <summary>
/// A small HTML writer for server-rendered pages. Every dynamic value goes through
/// <see cref="Text"/> or <see cref="Attr"/> (HTML-encoded); only <see cref="Raw"/> writes markup,
/// and it is used for literals and for sanitised Markdown output.
/// </summary>
public sealed class Html
{
    // Cyrillic and CJK pass through as UTF-8 instead of numeric references; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _sb = new(4096);

    /// <summary>Appends literal markup.</summary>
    public Html Raw(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    /// <summary>Appends encoded text.</summary>
    public Html Text(string? text)
    {
        _sb.Append(Encoder.Encode(text ?? ""));
        return this;
    }

    /// <summary>Appends encoded text of a formatted number (invariant culture; the UI shows ratings identically in every language).</summary>
    public Html Number(double value, string format) => Text(value.ToString(format, CultureInfo.InvariantCulture));

    /// <summary>Appends <c> name="value"</c> with the value encoded; nothing when the value is null.</summary>
    public Html Attr(string name, string? value)
    {
        if (value is null) return this;
        _sb.Append(' ').Append(name).Append("=\"").Append(Encoder.Encode(value ?? "")).Append('"');
        return this;
    }

    /// <summary>Appends an element whose whole content is encoded text.</summary>
    public Html Element(string tag, string? text, string? cssClass = null)
    {
        _sb.Append('<').Append(tag);
        if (cssClass is not null) Attr("class", cssClass);
        _sb.Append('>');
        Text(text);
        _sb.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>The markup written so far.</summary>
    public override string ToString() => _sb.ToString();
}
