using Arbiter.Core.Storage;
using System.Text.RegularExpressions;
using Npgsql;

namespace Arbiter.Storage.Postgres;

/// <summary>
/// Parses the two accepted forms (<c>Host=…;…</c> and <c>postgres[ql]://user:pass@host:port/db?k=v</c>)
/// into a builder. Error messages never repeat the input, since it may hold a password.
/// </summary>
internal static partial class PostgresConnectionString
{
    private static readonly Dictionary<string, string> UrlParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    public static bool IsUrl(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    public static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var value = connectionString.Trim();
        try
        {
            return IsUrl(value) ? FromUrl(value) : new NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException or OverflowException)
        {
            // No inner exception: parser messages may quote fragments of the input.
            throw new StoreException($"Invalid PostgreSQL connection string: {Redact(ex.Message, value)}");
        }
    }

    /// <summary>"'db' on host:port", for messages and ToString.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"'{builder.Database ?? builder.Username ?? "(default)"}' on {builder.Host}:{builder.Port}";

    /// <summary>Removes any password value that occurs in <paramref name="connectionString"/> from a message.</summary>
    public static string Redact(string message, string connectionString)
    {
        foreach (var secret in Secrets(connectionString))
        {
            if (secret.Length > 0)
            {
                message = message.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return message;
    }

    private static IEnumerable<string> Secrets(string connectionString)
    {
        foreach (Match match in PasswordKeyValue().Matches(connectionString))
        {
            yield return match.Groups[1].Value.Trim().Trim('\'', '"');
        }

        var userInfo = UrlUserInfo().Match(connectionString);
        if (userInfo.Success)
        {
            yield return userInfo.Groups[1].Value;
            yield return Uri.UnescapeDataString(userInfo.Groups[1].Value);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        var uri = new Uri(url);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var keyword = UrlParameters.GetValueOrDefault(key, key);
            builder[keyword] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
        }

        return builder;
    }

    [GeneratedRegex(@"(?i)(?:^|;)\s*(?:password|pwd)\s*=\s*([^;]*)")]
    private static partial Regex PasswordKeyValue();

    [GeneratedRegex(@"^[^:]+://[^:@/]*:([^@/]*)@")]
    private static partial Regex UrlUserInfo();
}
