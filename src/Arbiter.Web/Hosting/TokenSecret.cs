using System.Security.Cryptography;

namespace Arbiter.Web.Hosting;

/// <summary>
/// The operator's secret behind battle tokens, voter cookies, anti-forgery tokens and the keyed hashes of client
/// addresses: read from the environment variable <see cref="ArbiterWebOptions.TokenSecretEnv"/> names (base64, ≥ 16
/// bytes). Every web node on one store needs the same value; without it each process draws a random key, so its
/// tokens and cookies verify nowhere else and not after a restart. The value is never logged, stored or put in a message.
/// </summary>
internal static class TokenSecret
{
    /// <summary>Why the configured secret cannot be used (naming the variable, never the value); null when usable or unset.</summary>
    public static string? Problem(ArbiterWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TokenSecretEnv)) return "TokenSecretEnv must name an environment variable.";
        var value = Environment.GetEnvironmentVariable(options.TokenSecretEnv);
        if (string.IsNullOrEmpty(value))
        {
            return options.RequireTokenSecret
                ? $"RequireTokenSecret is set but {options.TokenSecretEnv} is empty: give every web node the same secret (e.g. `openssl rand -base64 32`)."
                : null;
        }

        return Decode(value) is null ? $"{options.TokenSecretEnv} must be base64 of at least 16 bytes (e.g. `openssl rand -base64 32`)." : null;
    }

    /// <summary>The configured key, or 32 random bytes when none is configured (<see cref="Problem"/> has refused a bad one before this).</summary>
    public static (byte[] Key, bool Configured) Read(ArbiterWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Decode(Environment.GetEnvironmentVariable(options.TokenSecretEnv)) is { } key ? (key, true) : (RandomNumberGenerator.GetBytes(32), false);
    }

    private static byte[]? Decode(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var n) && n >= 16 ? buffer[..n] : null;
    }
}
