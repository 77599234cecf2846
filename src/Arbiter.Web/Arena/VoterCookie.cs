using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Web.Arena;

/// <summary>
/// The anonymous voter id, kept in a cookie as <c>id.mac</c> with an HMAC under the server's token key:
/// a client cannot pick another voter's id (to spend their limit or get their votes voided) or mint
/// ids that look issued. A random id says nothing about who the voter is. With <c>ARBITER_TOKEN_SECRET</c>
/// set, ids survive a restart; without it, each process issues new ones.
/// </summary>
internal sealed class VoterCookie(byte[] key)
{
    public const string Name = "arbiter-voter";
    private readonly byte[] _key = HMACSHA256.HashData(key, "arbiter voter cookie"u8);

    /// <summary>The request's voter id (<c>web:…</c>), issuing a new cookie when there is none or it does not verify.</summary>
    public string Voter(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies.TryGetValue(Name, out var value) && Verify(value) is { } id) return "web:" + id;
        id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(Name, id + "." + Mac(id), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
        });
        return "web:" + id;
    }

    private string? Verify(string? value)
    {
        if (value is not { Length: 32 + 1 + 32 } || value[32] != '.') return null;
        var id = value[..32];
        if (!id.All(char.IsAsciiHexDigitLower)) return null;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(id)), Encoding.ASCII.GetBytes(value[33..])) ? id : null;
    }

    // 128 bits of the HMAC: enough that guessing one is hopeless, short enough for a tidy cookie.
    private string Mac(string id) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(id)), 0, 16);
}
