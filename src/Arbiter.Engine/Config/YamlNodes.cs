using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Config;

/// <summary>
/// Reads a YAML representation tree with errors that carry the node's position. We walk nodes by
/// hand rather than deserialising to classes because every error must name file, line and column,
/// and unknown keys (typos) must be rejected rather than silently ignored.
/// </summary>
internal sealed class YamlNodes(string file)
{
    public string File { get; } = file;

    public YamlMappingNode LoadRoot(TextReader reader)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new ConfigException(File, ex.Start.Line, ex.Start.Column, CleanMessage(ex));
        }

        if (stream.Documents.Count == 0)
        {
            throw new ConfigException(File, 1, 1, "the file is empty");
        }

        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw Error(stream.Documents[0].RootNode, "expected a mapping (key: value pairs) at the top level");
    }

    public ConfigException Error(YamlNode node, string message) =>
        new(File, node.Start.Line, node.Start.Column, message);

    /// <summary>Rejects keys outside <paramref name="allowed"/>, naming the nearest allowed key.</summary>
    public void CheckKeys(YamlMappingNode map, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = Scalar(key);
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw Error(key, $"unknown key '{name}'; expected one of: {string.Join(", ", allowed)}");
            }
        }
    }

    public YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string Scalar(YamlNode node) => node is YamlScalarNode s
        ? s.Value ?? ""
        : throw Error(node, "expected a single value, not a list or mapping");

    public string RequiredString(YamlMappingNode map, string key)
    {
        var node = Get(map, key) ?? throw Error(map, $"missing required key '{key}'");
        var value = Scalar(node).Trim();
        return value.Length > 0 ? value : throw Error(node, $"'{key}' must not be empty");
    }

    public string? OptionalString(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null) return null;
        var value = Scalar(node).Trim();
        return value.Length == 0 || value == "~" || value == "null" ? null : value;
    }

    public double? OptionalDouble(YamlMappingNode map, string key, double min = double.MinValue, double max = double.MaxValue)
    {
        var node = Get(map, key);
        if (node is null) return null;
        var text = Scalar(node);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value))
        {
            throw Error(node, $"'{key}' must be a number, got '{text}'");
        }

        return value < min || value > max
            ? throw Error(node, $"'{key}' must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, got {text}")
            : value;
    }

    public int? OptionalInt(YamlMappingNode map, string key, int min = int.MinValue, int max = int.MaxValue)
    {
        var node = Get(map, key);
        if (node is null) return null;
        var text = Scalar(node);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(node, $"'{key}' must be a whole number, got '{text}'");
        }

        return value < min || value > max ? throw Error(node, $"'{key}' must be between {min} and {max}, got {value}") : value;
    }

    public bool? OptionalBool(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null) return null;
        return Scalar(node).ToUpperInvariant() switch
        {
            "TRUE" or "YES" or "ON" => true,
            "FALSE" or "NO" or "OFF" => false,
            var other => throw Error(node, $"'{key}' must be true or false, got '{other}'"),
        };
    }

    public YamlMappingNode? OptionalMap(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        return node switch
        {
            null => null,
            YamlMappingNode m => m,
            _ => throw Error(node, $"'{key}' must be a mapping (key: value pairs)"),
        };
    }

    public YamlSequenceNode? OptionalList(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        return node switch
        {
            null => null,
            YamlSequenceNode s => s,
            _ => throw Error(node, $"'{key}' must be a list"),
        };
    }

    private static string CleanMessage(YamlException ex)
    {
        // YamlDotNet prefixes messages with "(Line: …)"; we print our own location.
        var message = ex.InnerException?.Message ?? ex.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}
