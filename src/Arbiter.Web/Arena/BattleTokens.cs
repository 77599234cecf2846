using System.Collections.Concurrent;
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
/// Single-use voting tokens: <c>battleId.expiry.HMAC-SHA256(key, battleId.expiry)</c>. The signature
/// makes them unforgeable without keeping every issued token; the consumed set (battle ids already
/// voted on, kept until their tokens expire) makes them single-use, and <see cref="TryConsume"/> is
/// atomic so two racing replays cannot both win.
/// </summary>
public sealed class BattleTokens
{
    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly ConcurrentDictionary<string, long> _consumed = new(StringComparer.Ordinal);
    private long _nextPruneMs;

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

    /// <summary>True when the battle has already been voted on.</summary>
    public bool IsConsumed(string battleId) => _consumed.ContainsKey(battleId);

    /// <summary>Marks the battle's token used; false when it already was (a replay).</summary>
    public bool TryConsume(string battleId)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        PruneIfDue(now);
        return _consumed.TryAdd(battleId, now);
    }

    private void PruneIfDue(long nowMs)
    {
        var due = Interlocked.Read(ref _nextPruneMs);
        if (nowMs < due || Interlocked.CompareExchange(ref _nextPruneMs, nowMs + 60_000, due) != due) return;
        // A consumed id older than the token lifetime can go: its token has expired and fails Verify anyway.
        var cutoff = nowMs - (long)_lifetime.TotalMilliseconds - 60_000;
        foreach (var (id, at) in _consumed)
        {
            if (at < cutoff) _consumed.TryRemove(id, out _);
        }
    }

    private string Sign(string body) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(body))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
