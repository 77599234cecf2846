using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Arbiter.Web.Localization;

/// <summary><c>GET /lang/{code}?return=/path</c>: switches the UI language and goes back.</summary>
public static class LanguageApi
{
    /// <summary>Maps the language switch.</summary>
    public static IEndpointRouteBuilder MapLanguageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/lang/{code}", Switch);
        return app;
    }

    private static Results<RedirectHttpResult, NotFound, BadRequest<string>> Switch(string code, string? @return, HttpContext context)
    {
        if (!UiLanguage.IsSupported(code)) return TypedResults.NotFound();
        // LocalRedirect throws on a control character ("/\t/x" would be read as "//x" by browsers): refuse it as bad input.
        if (@return is not null && @return.Any(char.IsControl)) return TypedResults.BadRequest("the return path contains a control character");
        UiLanguage.Remember(context.Response, code);
        // Only local paths: an open redirect would let a phishing link borrow our address.
        var target = @return is { Length: > 0 } r && r[0] == '/' && !r.StartsWith("//", StringComparison.Ordinal) && !r.Contains('\\', StringComparison.Ordinal) ? r : "/";
        return TypedResults.LocalRedirect(target);
    }
}
