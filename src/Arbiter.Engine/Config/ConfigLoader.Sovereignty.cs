using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Arbiter.Core.Models;
using Arbiter.Core.Suites;
using Arbiter.Engine.Sovereignty;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Config;

/// <summary>The <c>policy:</c> section, jurisdictions, and the GigaChat/YandexGPT model fields.</summary>
public static partial class ConfigLoader
{
    private static readonly string[] GigaChatScopes = ["GIGACHAT_API_PERS", "GIGACHAT_API_B2B", "GIGACHAT_API_CORP"];

    /// <summary>
    /// <c>policy: { home: RU, allow: { confidential: [local], internal: [local, home], public: ["*"] } }</c>.
    /// Levels left out keep their safe default.
    /// </summary>
    private static ResidencyPolicy ParsePolicy(YamlNodes y, YamlMappingNode? map)
    {
        if (map is null) return ResidencyPolicy.Default;
        y.CheckKeys(map, "home", "allow");
        var home = y.OptionalString(map, "home");
        if (home is not null) CheckJurisdiction(y, y.Get(map, "home")!, home);
        var policy = ResidencyPolicy.WithHome(home);
        var allowMap = y.OptionalMap(map, "allow");
        if (allowMap is null) return policy;
        y.CheckKeys(allowMap, "confidential", "internal", "public");
        var allowed = new Dictionary<Confidentiality, IReadOnlyList<string>>(policy.Allowed);
        foreach (var (key, value) in allowMap.Children)
        {
            var level = ResidencyPolicy.TryParse(y.Scalar(key))!.Value;
            var list = value as YamlSequenceNode ?? throw y.Error(value, $"'allow.{y.Scalar(key)}' must be a list of jurisdictions, e.g. [local, RU]");
            var entries = new List<string>();
            foreach (var node in list)
            {
                var j = y.Scalar(node).Trim();
                if (j is not (ResidencyPolicy.Any or ResidencyPolicy.HomeAlias)) CheckJurisdiction(y, node, j);
                if (j == ResidencyPolicy.HomeAlias && home is null)
                {
                    throw y.Error(node, "'home' is used here but policy.home is not set (e.g. home: RU)");
                }

                entries.Add(j);
            }

            allowed[level] = entries;
        }

        return policy with { Allowed = allowed };
    }

    /// <summary>
    /// The model's jurisdiction. When it is left out, a loopback endpoint is <c>local</c>; any other
    /// is <c>unknown</c>, which only the public level's <c>*</c> allows — assuming "local" for a
    /// remote host would let confidential data leave unnoticed.
    /// </summary>
    private static string ParseJurisdiction(YamlNodes y, YamlMappingNode map, Uri baseUrl)
    {
        var value = y.OptionalString(map, "jurisdiction");
        if (value is null) return Jurisdictions.Default(baseUrl);
        CheckJurisdiction(y, y.Get(map, "jurisdiction")!, value);
        return value;
    }

    private static void CheckJurisdiction(YamlNodes y, YamlNode node, string value)
    {
        if (!Jurisdictions.IsValid(value))
        {
            throw y.Error(node, $"jurisdiction must be {Jurisdictions.Expected}; got '{value}'");
        }
    }

    private static ModelSpec ParseConnectorFields(YamlNodes y, YamlMappingNode map, ModelSpec spec)
    {
        string? OnlyFor(string key, string provider)
        {
            var value = y.OptionalString(map, key);
            if (value is not null && spec.Provider != provider)
            {
                throw y.Error(y.Get(map, key)!, $"'{key}' applies to provider {provider} only (this model's provider is {spec.Provider})");
            }

            return value;
        }

        var authUrl = OnlyFor("authUrl", "gigachat");
        if (authUrl is not null && (!Uri.TryCreate(authUrl, UriKind.Absolute, out var au) || (au.Scheme != Uri.UriSchemeHttp && au.Scheme != Uri.UriSchemeHttps)))
        {
            throw y.Error(y.Get(map, "authUrl")!, $"authUrl must be an absolute http(s) URL, got '{authUrl}'");
        }

        var scope = OnlyFor("scope", "gigachat");
        if (scope is not null && !GigaChatScopes.Contains(scope))
        {
            throw y.Error(y.Get(map, "scope")!, $"unknown scope '{scope}'; expected one of: {string.Join(", ", GigaChatScopes)}");
        }

        var folder = OnlyFor("folderId", "yandexgpt");
        var scheme = OnlyFor("authScheme", "yandexgpt");
        if (scheme is not null && scheme is not ("api-key" or "bearer"))
        {
            throw y.Error(y.Get(map, "authScheme")!, $"authScheme must be api-key (Api-Key header) or bearer (IAM token), got '{scheme}'");
        }

        // A full URI (gpt://folder/…, or ds://… for a fine-tuned model) names its own folder.
        if (spec.Provider == "yandexgpt" && folder is null && !spec.Model.Contains("://", StringComparison.Ordinal))
        {
            throw y.Error(y.Get(map, "model")!, "provider yandexgpt needs 'folderId' or a full model URI such as gpt://FOLDER/yandexgpt/latest or ds://MODEL_ID");
        }

        return spec with { AuthUrl = authUrl, Scope = scope, FolderId = folder, AuthScheme = scheme, CaCertFile = ParseCaCertFile(y, map) };
    }

    private static string? ParseCaCertFile(YamlNodes y, YamlMappingNode map)
    {
        var value = y.OptionalString(map, "caCertFile");
        if (value is null) return null;
        var node = y.Get(map, "caCertFile")!;
        // Relative to the config file, like suite paths.
        var path = Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(y.File)) ?? ".", value));
        if (!File.Exists(path)) throw y.Error(node, $"caCertFile '{value}' not found (looked for {path})");
        try
        {
            using var cert = X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException ex)
        {
            throw y.Error(node, $"caCertFile '{value}' is not a PEM or DER certificate: {ex.Message}");
        }

        return path;
    }
}
