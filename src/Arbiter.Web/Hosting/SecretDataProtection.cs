using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Arbiter.Web.Hosting;

/// <summary>
/// Data protection (what anti-forgery tokens are sealed with) keyed by the operator's token secret: a page served by
/// one web node posts to another and its token still verifies, with no key ring written to disk or to the store.
/// AES-256-GCM under a key derived per purpose chain, so tokens of one purpose never open under another.
/// </summary>
internal sealed class SecretDataProtection(byte[] key) : IDataProtectionProvider
{
    private readonly byte[] _key = HMACSHA256.HashData(key, "arbiter data protection"u8);

    public IDataProtector CreateProtector(string purpose) => new Protector(Derive(_key, purpose));

    private static byte[] Derive(byte[] parent, string purpose) => HMACSHA256.HashData(parent, Encoding.UTF8.GetBytes(purpose));

    private sealed class Protector(byte[] key) : IDataProtector
    {
        private const int NonceSize = 12;
        private const int TagSize = 16;

        public IDataProtector CreateProtector(string purpose) => new Protector(Derive(key, purpose));

        public byte[] Protect(byte[] plaintext)
        {
            ArgumentNullException.ThrowIfNull(plaintext);
            var sealedData = new byte[NonceSize + TagSize + plaintext.Length];
            var nonce = sealedData.AsSpan(0, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(nonce, plaintext, sealedData.AsSpan(NonceSize + TagSize), sealedData.AsSpan(NonceSize, TagSize));
            return sealedData;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            ArgumentNullException.ThrowIfNull(protectedData);
            if (protectedData.Length < NonceSize + TagSize) throw new CryptographicException("The protected payload is too short.");
            var plaintext = new byte[protectedData.Length - NonceSize - TagSize];
            using var aes = new AesGcm(key, TagSize);
            // Throws AuthenticationTagMismatchException (a CryptographicException) for a forged or foreign payload.
            aes.Decrypt(protectedData.AsSpan(0, NonceSize), protectedData.AsSpan(NonceSize + TagSize), protectedData.AsSpan(NonceSize, TagSize), plaintext);
            return plaintext;
        }
    }
}
