using AngleSharp.Html.Parser;

namespace Arbiter.Web.Tests.Support;

/// <summary>Parses HTML as a browser would and asserts nothing in it can run script.</summary>
public static class HtmlSafety
{
    public static void AssertInert(string html)
    {
        var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        Assert.Empty(document.QuerySelectorAll("script, iframe, object, embed, img, svg, form"));
        foreach (var element in document.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name} on <{element.LocalName}>");
                Assert.False(attribute.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"script URL in {attribute.Name}");
            }
        }
    }
}
