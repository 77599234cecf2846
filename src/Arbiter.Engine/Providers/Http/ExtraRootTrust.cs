using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Arbiter.Engine.Providers.Http;

/// <summary>
/// TLS validation that trusts the system roots plus extra root certificates from a file (such as
/// the Russian Trusted Root CA, which most systems do not ship). It is the alternative to switching
/// certificate checks off: host-name checks stay, and the chain must still end in a trusted root.
/// </summary>
internal static class ExtraRootTrust
{
    /// <summary>An HTTP handler whose server-certificate check also accepts chains ending in the file's roots.</summary>
    public static SocketsHttpHandler Handler(string caCertFile)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caCertFile);
        }
        catch (CryptographicException)
        {
            // Not PEM: loaded as DER below.
        }

        if (roots.Count == 0) roots.Add(X509CertificateLoader.LoadCertificateFromFile(caCertFile));
        return new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(roots, certificate, chain, errors),
            },
        };
    }

    /// <summary>The validation rule, separate for testing.</summary>
    public static bool Validate(X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        // A wrong host name or a missing certificate is never excused by an extra root.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        // Offline-friendly: the national CA's revocation endpoints are often unreachable from
        // closed networks; the system chain above still does revocation for ordinary roots.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
