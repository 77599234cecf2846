using System.Security.Cryptography;
using System.Text;

namespace Arbiter.Engine.Arena.Integrity;

/// <summary>
/// A keyed hash of identifiers (client addresses, voter names) under the operator's secret: a purpose-bound key is
/// derived from the secret, so the same address hashes differently in the vote window and in the request windows, and
/// no hash can be reversed or matched without the secret. The same secret on every node gives the same hashes there.
/// </summary>
public sealed class KeyedHash
{
    private readonly byte[] _key;

    /// <summary>Derives the key for <paramref name="purpose"/> from <paramref name="secret"/> (at least 16 bytes).</summary>
    public KeyedHash(byte[] secret, string purpose)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(secret.Length, 16);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        _key = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(purpose));
    }

    /// <summary>
    /// The first 128 bits of the HMAC of <paramref name="text"/>, as 32 lower-case hex digits: unique enough for any
    /// arena, and short enough to index.
    /// </summary>
    public string Hex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)), 0, 16);
    }
}
