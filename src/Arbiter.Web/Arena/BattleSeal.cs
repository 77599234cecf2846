using System.Security.Cryptography;
using System.Text;

namespace Arbiter.Web.Arena;

/// <summary>
/// Seals a battle's text (prompts and answers) for the shared store: AES-256-GCM under a key derived from the operator's
/// token secret, bound to the battle's id. Every node with the secret can continue the battle; the database, its
/// backups and anyone reading them see neither the prompts nor the answers, whatever the conversation setting.
/// </summary>
internal sealed class BattleSeal
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _key;

    public BattleSeal(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        // Purpose-bound, as the keyed hashes are: the token key itself never encrypts anything.
        _key = HMACSHA256.HashData(secret, "arbiter battle state"u8);
    }

    public string Seal(string battleId, string text)
    {
        var plain = Encoding.UTF8.GetBytes(text);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Encoding.UTF8.GetBytes(battleId));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The text, or null when it was sealed under another secret or for another battle, or altered.</summary>
    public string? Open(string battleId, string sealedText)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(sealedText);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length < NonceBytes + TagBytes) return null;
        var plain = new byte[bytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(bytes.AsSpan(0, NonceBytes), bytes.AsSpan(NonceBytes + TagBytes), bytes.AsSpan(NonceBytes, TagBytes), plain, Encoding.UTF8.GetBytes(battleId));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(plain);
    }
}
