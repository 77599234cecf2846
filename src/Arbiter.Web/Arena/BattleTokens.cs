using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Arbiter.Web.Arena;

/// <summary>What a presented battle token turned out to be.</summary>
public enum TokenCheck
{
    /// <summary>Signed by this server, unexpired.</summary>
    Valid,

    /// <summary>Not a token at all, or the signature does not match (forged or altered).</summary>
    Forged,

    /// <summary>Signed by this server but past its lifetime.</summary>
    Expired,
}

/// <summary>
/// Voting tokens: <c>battleId.expiry.HMAC-SHA256(key, battleId.expiry)</c>. The signature makes them
/// unforgeable without keeping every issued token, and with the operator's shared secret any web node verifies
/// another's. They are single-use through the store, not here: the vote claims its battle id in the shared store
/// (<see cref="Engine.Arena.Integrity.VoteLedger"/>), so a replay is refused by whichever node it reaches.
/// </summary>
public sealed class BattleTokens
{
    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    /// <summary>Creates the issuer. <paramref name="key"/> should be 32 random bytes.</summary>
    public BattleTokens(byte[] key, TimeSpan lifetime, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(key.Length, 16);
        _key = key;
        _lifetime = lifetime;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A token for <paramref name="battleId"/>.</summary>
    public string Issue(string battleId)
    {
        var expiry = (_time.GetUtcNow() + _lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = battleId + "." + expiry;
        return body + "." + Sign(body);
    }

    /// <summary>Checks signature and expiry; <paramref name="battleId"/> is set only when <see cref="TokenCheck.Valid"/>.</summary>
    public TokenCheck Verify(string? token, out string battleId)
    {
        battleId = "";
        if (string.IsNullOrEmpty(token) || token.Length > 256) return TokenCheck.Forged;
        var lastDot = token.LastIndexOf('.');
        if (lastDot <= 0) return TokenCheck.Forged;
        var body = token[..lastDot];
        var expected = Encoding.ASCII.GetBytes(Sign(body));
        var given = Encoding.ASCII.GetBytes(token[(lastDot + 1)..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, given)) return TokenCheck.Forged;
        var firstDot = body.IndexOf('.', StringComparison.Ordinal);
        if (firstDot <= 0 || !long.TryParse(body.AsSpan(firstDot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)) return TokenCheck.Forged;
        if (_time.GetUtcNow().ToUnixTimeSeconds() > expiry) return TokenCheck.Expired;
        battleId = body[..firstDot];
        return TokenCheck.Valid;
    }

    private string Sign(string body) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(body))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
