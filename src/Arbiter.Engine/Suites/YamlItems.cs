using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Suites;

/// <summary>
/// Items written inline in suite.yaml (<c>items:</c> as a list instead of a JSONL file name): the same fields as a JSONL
/// line, read by the same code (<see cref="JsonlItems.ParseItem"/>), so a conversation with assistant <c>tool_calls</c>
/// and <c>tool</c> messages is checked the same way. Each error names the file, line and column of the field at fault.
/// </summary>
internal static partial class YamlItems
{
    public static List<SuiteItem> Read(YamlNodes y, YamlSequenceNode list, string idPrefix, bool targetOptional)
    {
        var items = new List<SuiteItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var node in list.Children)
        {
            n++;
            if (node is not YamlMappingNode map) throw y.Error(node, "each item must be a mapping {id, input, target…}");
            using var doc = JsonDocument.Parse(ToJson(y, map, typed: false)!.ToJsonString());
            var item = JsonlItems.ParseItem(doc.RootElement, $"{idPrefix}{n.ToString("D4", CultureInfo.InvariantCulture)}", targetOptional, message => Locate(y, map, message));
            if (!seen.Add(item.Id)) throw y.Error(y.Get(map, "id") ?? map, $"duplicate item id '{item.Id}'");
            items.Add(item);
        }

        return items;
    }

    /// <summary>
    /// Text stays text, as a JSONL string would be (<c>content: 42</c> is the text 42); only a tool call's
    /// <c>arguments</c> mapping keeps YAML's numbers and booleans, since it becomes a JSON object.
    /// </summary>
    private static JsonNode? ToJson(YamlNodes y, YamlNode node, bool typed) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(c =>
        {
            var key = y.Scalar(c.Key);
            return KeyValuePair.Create(key, ToJson(y, c.Value, typed || key == "arguments"));
        })),
        YamlSequenceNode s => new JsonArray([.. s.Children.Select(c => ToJson(y, c, typed))]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "null" or "~" } => null,
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: var v } when typed => Typed(v ?? ""),
        YamlScalarNode { Value: var v } => JsonValue.Create(v ?? ""),
        _ => throw y.Error(node, "unsupported YAML value"),
    };

    private static JsonNode Typed(string v) =>
        v is "true" or "false" ? JsonValue.Create(v == "true")
        : long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l)
        : double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? JsonValue.Create(d)
        : JsonValue.Create(v);

    // The item parser's messages start with the field at fault ("input[2].tool_call_id …", "'choices' must …"):
    // the error points at that field's node, else at the item.
    private static ConfigException Locate(YamlNodes y, YamlMappingNode item, string message)
    {
        YamlNode at = item;
        var path = FieldPath().Match(message);
        if (path.Success)
        {
            foreach (Match step in Step().Matches(path.Groups[1].Value))
            {
                YamlNode? next = step.Groups[1].Success
                    ? at is YamlMappingNode m ? y.Get(m, step.Groups[1].Value) : null
                    : at is YamlSequenceNode s && int.Parse(step.Groups[2].Value, CultureInfo.InvariantCulture) is var i && i < s.Children.Count ? s.Children[i] : null;
                if (next is null) break;
                at = next;
            }
        }

        return y.Error(at, message);
    }

    [GeneratedRegex(@"^'?([A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*)", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPath();

    [GeneratedRegex(@"([A-Za-z_]\w*)|\[(\d+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex Step();
}
