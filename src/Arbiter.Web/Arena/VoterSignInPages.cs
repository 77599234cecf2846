using Arbiter.Web.Hosting;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Arena;

/// <summary>
/// <c>GET /arena/signin/{token}</c> (a voter's personal link: sets the sign-in cookie and goes on to the arena, so the
/// token leaves the address bar at once) and <c>POST /api/arena/signout</c>.
/// </summary>
internal static class VoterSignInPages
{
    public static IEndpointRouteBuilder MapVoterSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/arena/signin/{token}", SignInAsync);
        app.MapPost("/api/arena/signout", (HttpContext context) =>
        {
            VoterIdentity.ClearSignInCookie(context);
            return TypedResults.NoContent();
        }).AddEndpointFilter(Security.RequireAntiforgeryAsync);
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, string token, VoterIdentity voters, ILoggerFactory log, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (voters.Mode == VoterSignInMode.None) return Refused(context, "arena.signin.off", StatusCodes.Status404NotFound);
        if (await voters.SignIn.OpenAsync(token, cancellationToken) is not { } voter)
        {
            Log.VoterSignInRefused(log.CreateLogger("Arbiter.Web.Arena"));
            return Refused(context, "arena.signin.invalid", StatusCodes.Status403Forbidden);
        }

        Log.VoterSignedIn(log.CreateLogger("Arbiter.Web.Arena"), voter.VoterId);
        VoterIdentity.SetSignInCookie(context, token);
        return TypedResults.Redirect("/arena");
    }

    private static IResult Refused(HttpContext context, string key, int status)
    {
        var t0 = UiText.For(UiLanguage.Of(context));
        return Layout.Page(context, t0["arena.signin.title"], "arena", (h, t) =>
            h.Element("h1", t["arena.signin.title"]).Element("p", t[key], "empty signin-refused"), status: status);
    }

    /// <summary>The arena's sign-in line: who is signed in, with a sign-out button (a proxy's sign-in ends at the proxy, so none there).</summary>
    public static void SignedInLine(Html h, UiText t, Engine.Arena.Integrity.SignedInVoter? signedIn)
    {
        if (signedIn is not { } who) return;
        h.Raw("<p id=\"signed-in\" class=\"signed-in\">").Text(string.Format(System.Globalization.CultureInfo.InvariantCulture, t["arena.signin.as"], who.Name));
        if (who.Via == Engine.Arena.Integrity.VoterSignIn.ViaInvite)
        {
            h.Raw(" <button type=\"button\" id=\"signout\" class=\"secondary\">").Text(t["arena.signin.out"]).Raw("</button>");
        }

        h.Raw("</p>");
    }
}
