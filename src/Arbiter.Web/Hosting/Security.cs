using System.Security.Cryptography;
using System.Text;
using Arbiter.Web.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Arbiter.Web.Hosting;

/// <summary>Security headers, anti-forgery and admin-key checks.</summary>
internal static class Security
{
    /// <summary>
    /// No inline script or style, nothing from other origins, no framing, no plugins. Model output is
    /// sanitised before it reaches a page; this policy is what still holds if that ever fails.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        ApplyHeaders(context.Response);
        await next(context);
    });

    /// <summary>Sets the security headers (again, after an error answer cleared the response).</summary>
    public static void ApplyHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
    }

    /// <summary>Rejects a state-changing API call without the page's anti-forgery token (header <c>X-CSRF-TOKEN</c>).</summary>
    public static async ValueTask<object?> RequireAntiforgeryAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid anti-forgery token.");
        }

        return await next(context);
    }

    /// <summary>
    /// Admin endpoints need the key from the environment variable the options name, in
    /// <c>X-Admin-Key</c> or <c>Authorization: Bearer</c>. The variable is read per request and
    /// compared by hash in constant time; neither value is kept or logged. Unset variable: everything is refused.
    /// </summary>
    public static async ValueTask<object?> RequireAdminKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (IsAdmin(http)) return await next(context);
        var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Arbiter.Web.Admin");
        Log.AdminRefused(log, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"arbiter-admin\"";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: UiText.For(UiLanguage.Of(http))["admin.refused"]);
    }

    public static bool IsAdmin(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<ArbiterWebOptions>>().Value;
        var expected = Environment.GetEnvironmentVariable(options.AdminKeyEnv);
        if (string.IsNullOrEmpty(expected)) return false;
        string? given = http.Request.Headers["X-Admin-Key"];
        if (string.IsNullOrEmpty(given) && http.Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            given = auth["Bearer ".Length..].Trim();
        }

        return !string.IsNullOrEmpty(given)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    /// <summary>The rate-limit partition: the client address (behind a proxy, configure forwarded headers first).</summary>
    public static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
