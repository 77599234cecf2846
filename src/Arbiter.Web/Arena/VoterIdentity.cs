using System.Net;
using Arbiter.Engine.Arena.Integrity;
using Arbiter.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Arbiter.Web.Arena;

/// <summary>Who a request votes as: the signed-in voter's hashed id when there is one, else the anonymous cookie's.</summary>
/// <param name="VoterId">What the battle, the vote window and the export carry (<c>user:…</c> or <c>web:…</c>).</param>
/// <param name="SignedIn">The signed-in voter, or null.</param>
internal sealed record VoterOfRequest(string VoterId, SignedInVoter? SignedIn);

/// <summary>
/// The third voter identity beside the cookie and the address: a personal link's sign-in cookie (checked against the
/// store on each request, so a revocation holds at once on every node) or the user a trusted proxy names in
/// <see cref="ArbiterWebOptions.VoterSignInHeader"/>. The header counts only when the connection itself comes from one of
/// <see cref="ArbiterWebOptions.TrustedProxies"/>: the address is taken before the forwarded headers rewrite it.
/// </summary>
internal sealed class VoterIdentity(VoterCookie cookie, VoterSignIn signIn, IOptions<ArbiterWebOptions> options)
{
    /// <summary>The cookie holding a personal link's token (the same secret the link carries, never stored server-side).</summary>
    public const string CookieName = "arbiter-signin";

    private static readonly object PeerKey = new();
    private static readonly object SignedInKey = new();
    private readonly ArbiterWebOptions _options = options.Value;
    private readonly (IPAddress[] Hosts, System.Net.IPNetwork[] Networks) _trusted = Parse(options.Value.TrustedProxies);

    /// <summary>The sign-in mode.</summary>
    public VoterSignInMode Mode => _options.VoterSignIn;

    /// <summary>The links and the identities.</summary>
    public VoterSignIn SignIn => signIn;

    /// <summary>Remembers the connection's own address; runs before the forwarded-headers middleware replaces it with the client's.</summary>
    public static IApplicationBuilder UsePeerCapture(IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Items[PeerKey] = context.Connection.RemoteIpAddress;
        return next(context);
    });

    /// <summary>The request's voter; issues the anonymous cookie only when there is no sign-in and no cookie yet.</summary>
    public async Task<VoterOfRequest> ResolveAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var signedIn = await SignedInAsync(context, cancellationToken).ConfigureAwait(false);
        return new VoterOfRequest(signedIn?.VoterId ?? cookie.Voter(context), signedIn);
    }

    /// <summary>The request's signed-in voter, or null (looked up once per request; a page view issues no cookie).</summary>
    public async Task<SignedInVoter?> SignedInAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(SignedInKey, out var known)) return known as SignedInVoter;
        var signedIn = await LookUpAsync(context, cancellationToken).ConfigureAwait(false);
        context.Items[SignedInKey] = signedIn;
        return signedIn;
    }

    /// <summary>Signs the browser in with a link's token (a cookie for a year; revocation still ends it at once).</summary>
    public static void SetSignInCookie(HttpContext context, string token) =>
        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            // Lax: the first page after the link (a top-level navigation from mail or chat) already shows the voter signed in.
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
        });

    /// <summary>Signs the browser out of its link (a proxy's sign-in ends at the proxy).</summary>
    public static void ClearSignInCookie(HttpContext context) => context.Response.Cookies.Delete(CookieName);

    private async Task<SignedInVoter?> LookUpAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Mode == VoterSignInMode.None) return null;
        if (_options.VoterSignInHeader is { Length: > 0 } header && TrustedPeer(context)
            && signIn.FromProxy(context.Request.Headers[header].ToString()) is { } proxied)
        {
            return proxied;
        }

        return context.Request.Cookies.TryGetValue(CookieName, out var token)
            ? await signIn.OpenAsync(token, cancellationToken).ConfigureAwait(false)
            : null;
    }

    private bool TrustedPeer(HttpContext context)
    {
        var peer = (context.Items[PeerKey] as IPAddress) ?? context.Connection.RemoteIpAddress;
        if (peer is null) return false;
        if (peer.IsIPv4MappedToIPv6) peer = peer.MapToIPv4();
        return _trusted.Hosts.Any(h => h.Equals(peer)) || _trusted.Networks.Any(n => n.Contains(peer));
    }

    private static (IPAddress[], System.Net.IPNetwork[]) Parse(IEnumerable<string> proxies)
    {
        var list = proxies.ToList();
        return ([.. list.Select(p => IPAddress.TryParse(p, out var ip) ? ip : null).OfType<IPAddress>()],
            [.. list.Where(p => !IPAddress.TryParse(p, out _)).Select(p => System.Net.IPNetwork.Parse(p))]);
    }
}
