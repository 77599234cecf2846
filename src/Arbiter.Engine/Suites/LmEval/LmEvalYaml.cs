using Arbiter.Engine.Config;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Suites.LmEval;

/// <summary>One key of a merged task config: its value node and the file it came from (for file:line).</summary>
internal sealed record LmEvalEntry(YamlNode Node, YamlNodes File);

/// <summary>
/// An lm-eval task YAML with its <c>include</c>s merged the way lm-eval's <c>_yaml_loader.load_yaml</c>
/// does: included files first (relative to the including file), then the file's own keys, which win;
/// a shallow merge, so a key is taken whole from one file. <c>!function</c> tags are kept as tags.
/// </summary>
internal sealed class LmEvalYaml
{
    private LmEvalYaml(string file, Dictionary<string, LmEvalEntry> keys)
    {
        File = file;
        Keys = keys;
    }

    /// <summary>The task's own file.</summary>
    public string File { get; }

    public Dictionary<string, LmEvalEntry> Keys { get; }

    public static LmEvalYaml Load(string path) => Load(path, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>Merges an inline task mapping (a group's <c>task:</c> entry) over its includes.</summary>
    public static LmEvalYaml FromMapping(YamlNodes y, YamlMappingNode map) => Merge(y, map, new HashSet<string>(StringComparer.Ordinal));

    private static LmEvalYaml Load(string path, HashSet<string> seen)
    {
        var full = Path.GetFullPath(path);
        var y = new YamlNodes(path);
        YamlMappingNode root;
        using (var reader = System.IO.File.OpenText(path)) root = y.LoadRoot(reader);
        seen.Add(full);
        return Merge(y, root, seen);
    }

    private static LmEvalYaml Merge(YamlNodes y, YamlMappingNode root, HashSet<string> seen)
    {
        var merged = new Dictionary<string, LmEvalEntry>(StringComparer.Ordinal);
        if (y.Get(root, "include") is { } include)
        {
            var names = include is YamlSequenceNode list ? list.Children.ToList() : [include];
            foreach (var node in names)
            {
                var name = y.Scalar(node).Trim();
                var path = Path.IsPathRooted(name) ? name : Path.Combine(Path.GetDirectoryName(y.File) ?? ".", name);
                if (!System.IO.File.Exists(path)) throw y.Error(node, $"included file '{name}' not found ({Path.GetFullPath(path)})");
                if (seen.Contains(Path.GetFullPath(path))) throw y.Error(node, $"include cycle: '{name}' includes this file again");
                var inner = Load(path, new HashSet<string>(seen, StringComparer.Ordinal));
                inner.Keys.Remove("task_list"); // lm-eval: task_list belongs to the included file only
                foreach (var (k, v) in inner.Keys) merged[k] = v;
            }
        }

        foreach (var (key, value) in root.Children)
        {
            var k = y.Scalar(key);
            if (k != "include") merged[k] = new LmEvalEntry(value, y);
        }

        return new LmEvalYaml(y.File, merged);
    }

    public LmEvalEntry? Get(string key) => Keys.GetValueOrDefault(key);

    /// <summary>A scalar's text; null when absent or YAML null (<c>test_split: null</c>).</summary>
    public string? String(string key)
    {
        if (Get(key) is not { } e) return null;
        var value = e.File.Scalar(e.Node);
        return e.Node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } && value is "" or "~" or "null" or "None" ? null : value;
    }

    public int? Int(string key, int min, int max) =>
        Get(key) is { } e && String(key) is not null ? e.File.OptionalInt(new YamlMappingNode { { key, e.Node } }, key, min, max) : null;

    public ConfigException Error(string key, string message) =>
        Get(key) is { } e ? e.File.Error(e.Node, message) : new ConfigException(File, 1, 1, message);

    /// <summary>True when the node is a <c>!function module.name</c> hook.</summary>
    public static bool IsFunction(YamlNode node) => !node.Tag.IsEmpty && node.Tag.Value == "!function";

    /// <summary>Every <c>!function</c> hook in the merged config, as (key path, entry).</summary>
    public IEnumerable<(string Key, YamlNode Node, YamlNodes File)> Functions()
    {
        foreach (var (key, entry) in Keys)
        {
            foreach (var (path, node) in Walk(key, entry.Node))
            {
                if (IsFunction(node)) yield return (path, node, entry.File);
            }
        }
    }

    private static IEnumerable<(string, YamlNode)> Walk(string path, YamlNode node)
    {
        yield return (path, node);
        var children = node switch
        {
            YamlMappingNode m => m.Children.Select(c => ($"{path}.{(c.Key as YamlScalarNode)?.Value}", c.Value)),
            YamlSequenceNode s => s.Children.Select((c, i) => ($"{path}[{i}]", c)),
            _ => [],
        };
        foreach (var (p, child) in children)
        {
            foreach (var x in Walk(p, child)) yield return x;
        }
    }
}
