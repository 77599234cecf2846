using System.Globalization;
using System.Text.RegularExpressions;
using Arbiter.Core.Models;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Config;

/// <summary>Loads and validates <c>arbiter.yaml</c>. Every error names file, line and column.</summary>
public static partial class ConfigLoader
{
    private static readonly string[] Providers = ["openai", "gigachat", "yandexgpt", ReplayProvider];

    /// <summary>Loads a config file.</summary>
    /// <exception cref="ConfigException">The file is malformed or invalid.</exception>
    public static ArbiterConfig LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException(path, 1, 1, "config file not found");
        }

        using var reader = new StreamReader(path);
        var config = Parse(reader, path);
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // Relative suite paths are relative to the config file, not the working directory.
        var suites = config.Suites
            .Select(s => s.StartsWith("builtin:", StringComparison.Ordinal) || Path.IsPathRooted(s) ? s : Path.GetFullPath(Path.Combine(baseDir, s)))
            .ToList();
        // Probe files likewise.
        var probes = config.Audit.Probes
            .Select(p => p == "builtin" || Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(baseDir, p)))
            .ToList();
        return config with { Suites = suites, Audit = config.Audit with { Probes = probes } };
    }

    /// <summary>Parses config text; <paramref name="file"/> is used in messages only.</summary>
    public static ArbiterConfig Parse(TextReader reader, string file)
    {
        var y = new YamlNodes(file);
        var root = y.LoadRoot(reader);
        y.CheckKeys(root, "models", "suites", "run", "policy", "audit", "arena");

        var runMap = y.OptionalMap(root, "run");
        var run = ParseRun(y, runMap);
        var modelsNode = y.OptionalList(root, "models") ?? throw y.Error(root, "missing required key 'models'");
        var models = new List<ModelSpec>();
        var warnings = new List<string>();
        foreach (var node in modelsNode)
        {
            var model = ParseModel(y, node as YamlMappingNode ?? throw y.Error(node, "each model must be a mapping"), run, warnings);
            if (models.Any(m => m.Id == model.Id))
            {
                throw y.Error(node, $"duplicate model id '{model.Id}'");
            }

            models.Add(model);
        }

        if (models.Count == 0)
        {
            throw y.Error(modelsNode, "'models' must list at least one model");
        }

        CheckRunJudge(y, runMap, run, models);
        var suites = (y.OptionalList(root, "suites")?.Select(y.Scalar).ToList()) ?? ["builtin:*"];
        var auditMap = y.OptionalMap(root, "audit");
        var audit = ParseAudit(y, auditMap, models);
        CheckAuditTemperature(y, auditMap, audit, models);
        var (moderation, notice) = ParseArena(y, y.OptionalMap(root, "arena"), models);
        return new ArbiterConfig(models, suites, run, file)
        {
            Moderation = moderation,
            ArenaNotice = notice,
            Policy = ParsePolicy(y, y.OptionalMap(root, "policy")),
            Audit = audit,
            Warnings = warnings,
        };
    }

    private static RunDefaults ParseRun(YamlNodes y, YamlMappingNode? map)
    {
        if (map is null) return new RunDefaults();
        y.CheckKeys(map, "concurrency", "maxRetries", "timeoutSeconds", "stream", "epochs", "limit", "database", "databaseUrlEnv", "judge");
        var defaults = new RunDefaults();
        var timeout = y.OptionalDouble(map, "timeoutSeconds", 0.1, 3600);
        var urlEnv = y.OptionalString(map, "databaseUrlEnv");
        if (urlEnv is not null) CheckEnvName(y, y.Get(map, "databaseUrlEnv")!, "databaseUrlEnv", urlEnv);
        // stream: auto streams where the endpoint can and falls back where it cannot.
        var streamAuto = string.Equals(y.OptionalString(map, "stream"), "auto", StringComparison.OrdinalIgnoreCase);
        if (!streamAuto && y.Get(map, "stream") is { } streamNode && !IsBool(y.Scalar(streamNode)))
        {
            throw y.Error(streamNode, $"'stream' must be true, false or auto, got '{y.Scalar(streamNode)}'");
        }

        return new RunDefaults(
            y.OptionalInt(map, "concurrency", 1, 1024) ?? defaults.Concurrency,
            y.OptionalInt(map, "maxRetries", 0, 20) ?? defaults.MaxRetries,
            timeout is null ? null : TimeSpan.FromSeconds(timeout.Value),
            streamAuto || (y.OptionalBool(map, "stream") ?? defaults.Stream),
            y.OptionalInt(map, "epochs", 1, 1000),
            y.OptionalInt(map, "limit", 1, int.MaxValue),
            y.OptionalString(map, "database") ?? defaults.Database,
            urlEnv)
        {
            StreamFallback = streamAuto,
            Judge = y.OptionalString(map, "judge"),
        };
    }

    /// <summary><c>run.judge</c> must name one of the file's models; checked at its line, not when a rubric suite runs.</summary>
    private static void CheckRunJudge(YamlNodes y, YamlMappingNode? map, RunDefaults run, IReadOnlyList<ModelSpec> models)
    {
        if (run.Judge is { } judge && !models.Any(m => m.Id == judge))
        {
            throw y.Error(y.Get(map!, "judge")!, $"run judge '{judge}' is not a model of this file; expected one of: {string.Join(", ", models.Select(m => m.Id))}");
        }
    }

    private static bool IsBool(string text) => text.ToUpperInvariant() is "TRUE" or "YES" or "ON" or "FALSE" or "NO" or "OFF";

    private static ModelSpec ParseModel(YamlNodes y, YamlMappingNode map, RunDefaults run, List<string> warnings)
    {
        // A replay entry has keys of its own (log) and none of an endpoint's.
        if (y.OptionalString(map, "provider") == ReplayProvider) return ParseReplayModel(y, map, ModelId(y, map));
        y.CheckKeys(map, "id", "provider", "baseUrl", "model", "apiKeyEnv", "jurisdiction", "origin", "pricing", "releaseDate", "parameters", "maxConcurrency", "timeoutSeconds",
            "authUrl", "scope", "caCertFile", "folderId", "authScheme", "sendFolderId", "dataLogging", "headers", "extraBody");
        var id = ModelId(y, map);
        var provider = y.OptionalString(map, "provider") ?? "openai";
        if (!Providers.Contains(provider))
        {
            throw y.Error(y.Get(map, "provider")!, $"unknown provider '{provider}'; expected one of: {string.Join(", ", Providers)}");
        }

        var baseUrl = y.RequiredString(map, "baseUrl");
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw y.Error(y.Get(map, "baseUrl")!, $"baseUrl must be an absolute http(s) URL, got '{baseUrl}'");
        }

        var keyEnv = y.OptionalString(map, "apiKeyEnv");
        if (keyEnv is not null) CheckEnvName(y, y.Get(map, "apiKeyEnv")!, "apiKeyEnv", keyEnv);

        DateOnly? release = null;
        if (y.OptionalString(map, "releaseDate") is { } dateText)
        {
            release = DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw y.Error(y.Get(map, "releaseDate")!, $"releaseDate must be YYYY-MM-DD, got '{dateText}'");
        }

        var timeout = y.OptionalDouble(map, "timeoutSeconds", 0.1, 3600);
        var spec = new ModelSpec(
            id, provider, baseUrl.TrimEnd('/'), y.RequiredString(map, "model"), keyEnv,
            ParseJurisdiction(y, map, uri),
            y.OptionalString(map, "origin"),
            ParsePricing(y, y.OptionalMap(map, "pricing")),
            release,
            ParseParameters(y, y.OptionalMap(map, "parameters")))
        {
            Timeout = timeout is null ? run.EffectiveTimeout : TimeSpan.FromSeconds(timeout.Value),
        };
        return ApplyVendorRules(y, map, ParseGateway(y, map, ParseConnectorFields(y, map, spec)), y.OptionalInt(map, "maxConcurrency", 1, 1024), run, warnings);
    }

    private static string ModelId(YamlNodes y, YamlMappingNode map)
    {
        var id = y.RequiredString(map, "id");
        return IdPattern().IsMatch(id) ? id : throw y.Error(y.Get(map, "id")!, $"model id '{id}' may use only letters, digits, '.', '_' and '-'");
    }

    private static Pricing? ParsePricing(YamlNodes y, YamlMappingNode? map)
    {
        if (map is null) return null;
        y.CheckKeys(map, "input", "output", "currency");
        var input = y.OptionalDouble(map, "input", 0) ?? throw y.Error(map, "pricing needs 'input' (price per 1M input tokens)");
        var output = y.OptionalDouble(map, "output", 0) ?? throw y.Error(map, "pricing needs 'output' (price per 1M output tokens)");
        var currency = y.OptionalString(map, "currency") ?? "USD";
        if (!CurrencyPattern().IsMatch(currency))
        {
            throw y.Error(y.Get(map, "currency")!, $"currency must be a 3-letter code such as USD, RUB or CNY, got '{currency}'");
        }

        return new Pricing((decimal)input, (decimal)output, currency);
    }

    /// <summary>Parses a <c>parameters</c> mapping (also used by suite manifests).</summary>
    internal static GenerationParameters ParseParameters(YamlNodes y, YamlMappingNode? map)
    {
        if (map is null) return GenerationParameters.Default;
        y.CheckKeys(map, "temperature", "topP", "maxTokens", "seed", "stop");
        var seed = y.OptionalDouble(map, "seed", 0, long.MaxValue);
        return new GenerationParameters(
            y.OptionalDouble(map, "temperature", 0, 2),
            y.OptionalDouble(map, "topP", 0, 1),
            y.OptionalInt(map, "maxTokens", 1, 1_000_000),
            seed is null ? null : (long)seed.Value,
            y.OptionalList(map, "stop")?.Select(y.Scalar).ToList());
    }

    private static void CheckEnvName(YamlNodes y, YamlNode node, string key, string value)
    {
        // A key pasted where its variable's name belongs must not be echoed back.
        if (!EnvNamePattern().IsMatch(value))
        {
            throw y.Error(node, $"'{key}' must be the NAME of an environment variable (e.g. OPENAI_API_KEY), not a secret value; the value given is not shown");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex EnvNamePattern();
}
