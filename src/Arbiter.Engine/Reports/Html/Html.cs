using System.Text;

namespace Arbiter.Engine.Reports.Html;

/// <summary>HTML/XML escaping for text and attribute values (UTF-8 output, so Cyrillic and Chinese stay as they are).</summary>
internal static class Html
{
    public static string E(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}
