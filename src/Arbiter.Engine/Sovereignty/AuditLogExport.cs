using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Arbiter.Core.Audit;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Sovereignty;

/// <summary>What a detached signature file (<c>FILE.sig</c>) says about an exported audit log.</summary>
/// <param name="Algorithm">Always <see cref="AuditLogExport.Algorithm"/>.</param>
/// <param name="Entries">Entries in the file when it was signed.</param>
/// <param name="HeadHash">The chain's head hash when it was signed.</param>
/// <param name="FileSha256">SHA-256 of the file's bytes.</param>
/// <param name="Signature">Base64 ECDSA signature (IEEE P1363) over the file's bytes.</param>
public sealed record AuditLogSignature(string Algorithm, long Entries, string HeadHash, string FileSha256, string Signature);

/// <summary>
/// The audit log as a file for an auditor: JSON lines (one entry each, the same fields the chain hashes), an optional
/// detached ECDSA P-256 signature so the auditor — holding only the public key — can tell the file came from this
/// installation unchanged, and a reader that lets <see cref="AuditChain"/> re-verify the chain offline.
/// </summary>
public static class AuditLogExport
{
    /// <summary>The signature algorithm written and accepted.</summary>
    public const string Algorithm = "ECDSA-P256-SHA256";

    /// <summary>Entries are written and read with these options (camelCase, readable non-ASCII).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions SignatureJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The path of the detached signature of <paramref name="exportPath"/>.</summary>
    public static string SignaturePath(string exportPath) => exportPath + ".sig";

    /// <summary>Writes <paramref name="entries"/> as JSON lines; returns how many.</summary>
    public static async Task<long> WriteAsync(IAsyncEnumerable<AuditEntry> entries, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        long count = 0;
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(entry, Json).AsMemory(), cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    /// <summary>Reads an exported file back; a malformed line is a <see cref="ConfigException"/> naming the file and line.</summary>
    public static async IAsyncEnumerable<AuditEntry> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) throw new ConfigException(path, 1, 1, "audit log export not found");
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        long line = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            AuditEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<AuditEntry>(text, Json);
            }
            catch (JsonException ex)
            {
                throw new ConfigException(path, line, (ex.BytePositionInLine ?? 0) + 1, $"not an audit log entry: {ex.Message}");
            }

            yield return entry ?? throw new ConfigException(path, line, 1, "not an audit log entry: null");
        }
    }

    /// <summary>Signs <paramref name="path"/> with <paramref name="privateKey"/> and writes <see cref="SignaturePath"/>.</summary>
    public static async Task<AuditLogSignature> SignAsync(string path, ECDsa privateKey, AuditVerification chain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentNullException.ThrowIfNull(chain);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var signature = new AuditLogSignature(Algorithm, chain.Entries, chain.HeadHash, Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Convert.ToBase64String(privateKey.SignData(bytes, HashAlgorithmName.SHA256)));
        await File.WriteAllTextAsync(SignaturePath(path), JsonSerializer.Serialize(signature, SignatureJson) + "\n", new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return signature;
    }

    /// <summary>Checks the detached signature of <paramref name="path"/>; null when valid, else the reason.</summary>
    public static async Task<string?> CheckSignatureAsync(string path, ECDsa publicKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var sigPath = SignaturePath(path);
        if (!File.Exists(sigPath)) return $"no signature file {sigPath}";
        AuditLogSignature? signature;
        try
        {
            signature = JsonSerializer.Deserialize<AuditLogSignature>(await File.ReadAllTextAsync(sigPath, cancellationToken).ConfigureAwait(false), SignatureJson);
        }
        catch (JsonException ex)
        {
            return $"{sigPath} is not a signature file: {ex.Message}";
        }

        if (signature is null || signature.Algorithm != Algorithm) return $"{sigPath}: expected algorithm {Algorithm}";
        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(signature.Signature);
        }
        catch (FormatException)
        {
            return $"{sigPath}: the signature is not base64";
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return publicKey.VerifyData(bytes, raw, HashAlgorithmName.SHA256)
            ? null
            : "the signature does not match the file (the file was changed after signing, or signed with another key)";
    }

    /// <summary>
    /// Loads an EC key from a PEM file (PKCS#8 / SEC1 private key, or a SubjectPublicKeyInfo public key). Errors name the
    /// file, never its content.
    /// </summary>
    public static ECDsa LoadKey(string pemPath, bool requirePrivate)
    {
        if (!File.Exists(pemPath)) throw new ConfigException(pemPath, 1, 1, "key file not found");
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(pemPath));
            if (key.KeySize != 256) throw new ConfigException(pemPath, 1, 1, $"expected a P-256 key, found a {key.KeySize}-bit one");
            if (requirePrivate)
            {
                // Exporting the private parameters fails for a public-only key: the clearest test there is.
                _ = key.ExportParameters(includePrivateParameters: true);
            }

            return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ConfigException(pemPath, 1, 1, requirePrivate
                ? "not an EC P-256 private key in PEM (e.g. from: openssl ecparam -name prime256v1 -genkey -noout -out key.pem)"
                : "not an EC P-256 public or private key in PEM (e.g. from: openssl ec -in key.pem -pubout -out key.pub.pem)");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
