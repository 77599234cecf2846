using Ganss.Xss;
using Markdig;

namespace Arbiter.Web.Rendering;

/// <summary>
/// Turns model output into safe HTML. Two independent layers, because model output is attacker
/// controlled (a prompt can ask a model to emit anything): Markdig with raw HTML disabled prints any
/// tag as text, and HtmlSanitizer then strips what Markdown itself can produce that is dangerous
/// (<c>javascript:</c> link targets, event attributes). The page's CSP is the third layer.
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseTaskLists()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    /// <summary>Safe HTML for <paramref name="markdown"/>.</summary>
    public string Render(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown)) return "";
        var html = Markdown.ToHtml(markdown, _pipeline);
        return _sanitizer.Sanitize(html);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        // Inline styles are blocked by the CSP anyway; dropping them keeps the output honest.
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("img");
        sanitizer.AllowedAttributes.Add("class");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a)
            {
                a.SetAttribute("rel", "noopener noreferrer nofollow");
                a.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}
