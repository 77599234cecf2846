using System.Net;
using System.Text.RegularExpressions;

namespace Arbiter.Engine.Sovereignty;

/// <summary>
/// The one rule for endpoint jurisdictions, used by <c>arbiter.yaml</c> and the web admin API alike:
/// <c>local</c>, <c>unknown</c> or a region code (RU, EU, US, CN, US-CA…).
/// </summary>
public static partial class Jurisdictions
{
    /// <summary>What a valid value looks like, for error messages.</summary>
    public const string Expected = "'local', 'unknown' or a region code such as RU, EU, US, CN";

    /// <summary>True when <paramref name="value"/> is a valid jurisdiction.</summary>
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>
    /// The jurisdiction of an endpoint whose owner named none: <c>local</c> for a loopback address, else
    /// <c>unknown</c> (which only the public level's <c>*</c> allows) — assuming "local" for a remote host
    /// would let confidential data leave unnoticed.
    /// </summary>
    public static string Default(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return IsLoopback(baseUrl) ? ResidencyPolicy.Local : "unknown";
    }

    /// <summary>True for a loopback host (localhost, 127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    [GeneratedRegex("^(local|unknown|[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})?)$")]
    private static partial Regex Pattern();
}
