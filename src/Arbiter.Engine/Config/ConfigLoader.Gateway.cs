using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Arbiter.Core.Models;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Config;

/// <summary>
/// Gateway options of a model entry: extra HTTP <c>headers</c> (literal, or <c>{env: VAR}</c> for a secret) and an
/// <c>extraBody</c> mapping merged into every request. Both apply to the OpenAI-compatible route, where gateways live.
/// </summary>
public static partial class ConfigLoader
{
    // Headers the HTTP stack or the SDK owns: setting them would break the request or hide the API key's header.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "content-type", "content-length", "host", "transfer-encoding", "connection", "accept-encoding",
    };

    // Fields Arbiter itself writes: an extraBody that set them would silently change what the run says it measured.
    private static readonly HashSet<string> ReservedBodyFields = new(StringComparer.Ordinal)
    {
        "model", "messages", "stream", "stream_options", "temperature", "top_p", "max_tokens", "max_completion_tokens", "seed", "stop",
    };

    private static ModelSpec ParseGateway(YamlNodes y, YamlMappingNode map, ModelSpec spec)
    {
        var headersMap = y.OptionalMap(map, "headers");
        var bodyMap = y.OptionalMap(map, "extraBody");
        if (headersMap is null && bodyMap is null) return spec;
        if (spec.Provider != "openai")
        {
            var key = headersMap is not null ? "headers" : "extraBody";
            throw y.Error(y.Get(map, key)!, $"'{key}' applies to provider openai (OpenAI-compatible endpoints and gateways); model '{spec.Id}' uses {spec.Provider}");
        }

        var headers = new List<HeaderSpec>();
        foreach (var (keyNode, valueNode) in headersMap?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var name = y.Scalar(keyNode);
            if (!HeaderName().IsMatch(name)) throw y.Error(keyNode, $"headers: '{name}' is not a valid HTTP header name");
            if (ReservedHeaders.Contains(name)) throw y.Error(keyNode, $"headers: '{name}' is set by Arbiter itself (use apiKeyEnv for the API key)");
            if (headers.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))) throw y.Error(keyNode, $"headers: '{name}' is given twice");
            headers.Add(valueNode switch
            {
                YamlScalarNode scalar => new HeaderSpec(name, scalar.Value ?? "", null),
                YamlMappingNode envMap => HeaderFromEnv(y, envMap, name),
                _ => throw y.Error(valueNode, $"headers.{name}: expected a value or {{env: VARIABLE}}"),
            });
        }

        string? body = null;
        if (bodyMap is not null)
        {
            var json = new JsonObject();
            foreach (var (keyNode, valueNode) in bodyMap.Children)
            {
                var field = y.Scalar(keyNode);
                if (ReservedBodyFields.Contains(field)) throw y.Error(keyNode, $"extraBody: '{field}' is written by Arbiter (set it under 'parameters' or the run options)");
                json[field] = ToJson(y, valueNode);
            }

            body = json.ToJsonString();
        }

        return spec with { Headers = headers.Count > 0 ? headers : null, ExtraBodyJson = body };
    }

    private static HeaderSpec HeaderFromEnv(YamlNodes y, YamlMappingNode envMap, string name)
    {
        y.CheckKeys(envMap, "env");
        var variable = y.RequiredString(envMap, "env");
        if (!EnvName().IsMatch(variable)) throw y.Error(y.Get(envMap, "env")!, $"headers.{name}.env: '{variable}' is not an environment variable name");
        return new HeaderSpec(name, null, variable);
    }

    /// <summary>YAML to JSON: plain scalars that read as numbers or booleans keep that type, quoted ones stay strings.</summary>
    private static JsonNode? ToJson(YamlNodes y, YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(c => KeyValuePair.Create(y.Scalar(c.Key), ToJson(y, c.Value)))),
        YamlSequenceNode s => new JsonArray([.. s.Children.Select(c => ToJson(y, c))]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: var v } => PlainScalar(v ?? ""),
        YamlScalarNode { Value: var v } => JsonValue.Create(v ?? ""),
        _ => throw y.Error(node, "extraBody: unsupported value"),
    };

    private static JsonNode? PlainScalar(string v)
    {
        if (v is "null" or "~" or "") return null;
        if (v is "true" or "false") return JsonValue.Create(v == "true");
        if (long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return JsonValue.Create(d);
        return JsonValue.Create(v);
    }

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();
}
