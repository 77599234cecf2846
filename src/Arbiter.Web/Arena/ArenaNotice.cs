using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Arbiter.Web.Hosting;

namespace Arbiter.Web.Arena;

/// <summary>
/// The operator's terms of use / data notice (<c>arena.notice</c>). A voter accepts it once; the acceptance
/// cookie carries a hash of the text, so a changed notice is shown and accepted again. Votes without it are refused.
/// </summary>
internal sealed class ArenaNotice(string? text)
{
    public const string Cookie = "arbiter-terms";

    /// <summary>The notice, or null when none is configured.</summary>
    public string? Text { get; } = string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private string Version => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text ?? "")), 0, 8);

    /// <summary>True when there is no notice or this request's voter accepted the current one.</summary>
    public bool Accepted(HttpContext context) =>
        Text is null || (context.Request.Cookies.TryGetValue(Cookie, out var v) && string.Equals(v, Version, StringComparison.Ordinal));

    /// <summary>Maps <c>POST /api/arena/notice</c> (the "I agree" button).</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/notice", (HttpContext context, ArenaNotice notice) =>
        {
            if (notice.Text is null) return Results.NoContent();
            context.Response.Cookies.Append(Cookie, notice.Version, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
            });
            return Results.NoContent();
        }).AddEndpointFilter(Security.RequireAntiforgeryAsync);
}
