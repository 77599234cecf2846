using Microsoft.AspNetCore.Http;

namespace Arbiter.Web.Localization;

/// <summary>The UI languages and how a request picks one: the <c>arbiter-lang</c> cookie, else the browser's Accept-Language, else English.</summary>
public static class UiLanguage
{
    /// <summary>Cookie that remembers the voter's choice.</summary>
    public const string CookieName = "arbiter-lang";

    /// <summary>Supported codes in menu order.</summary>
    public static IReadOnlyList<string> Codes { get; } = ["en", "ru", "zh"];

    /// <summary>True for a supported code.</summary>
    public static bool IsSupported(string? code) => code is "en" or "ru" or "zh";

    /// <summary>The language of this request.</summary>
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies.TryGetValue(CookieName, out var cookie) && IsSupported(cookie)) return cookie!;
        foreach (var value in context.Request.Headers.AcceptLanguage)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                var code = part.Trim().Split(';')[0].Split('-')[0].ToLowerInvariant();
                if (IsSupported(code)) return code;
            }
        }

        return "en";
    }

    /// <summary>Remembers <paramref name="code"/> for a year (not HttpOnly-sensitive data; Lax so links from elsewhere keep it).</summary>
    public static void Remember(HttpResponse response, string code)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(CookieName, code, new CookieOptions
        {
            MaxAge = TimeSpan.FromDays(365),
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            Path = "/",
        });
    }
}
