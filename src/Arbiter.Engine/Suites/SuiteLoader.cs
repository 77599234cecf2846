using System.Text.Json;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Suites;

/// <summary>
/// Loads suites: a native manifest (<c>suite.yaml</c> + JSONL items, or items written in it), a folder holding one, an
/// MMLU-style CSV or a GSM8K JSONL file. Errors name the file and line; nothing is sent.
/// </summary>
public static class SuiteLoader
{
    /// <summary>Loads a suite from a path (manifest, folder, .csv or .jsonl).</summary>
    /// <exception cref="ConfigException">The suite is malformed.</exception>
    public static Suite Load(string path)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, "suite.yaml");
        if (!File.Exists(path)) throw new ConfigException(path, 1, 1, "suite file not found");
        var name = Path.GetFileNameWithoutExtension(path);
        var ext = Path.GetExtension(path).ToUpperInvariant();
        return ext switch
        {
            ".YAML" or ".YML" => LoadManifest(path, File.OpenText(path), p => File.OpenText(Path.Combine(Path.GetDirectoryName(path)!, p)), p => Path.Combine(Path.GetDirectoryName(path)!, p), onDisk: true),
            ".CSV" => Bare(name, path, ForeignFormats.ReadMmlu(path, $"{name}-"), new ScorerSpec("choice")),
            ".JSONL" => LooksLikeGsm8k(path)
                ? Bare(name, path, ForeignFormats.ReadGsm8k(path, $"{name}-"), new ScorerSpec("numeric"))
                : Bare(name, path, ReadNative(path, $"{name}-"), ScorerSpec.Auto),
            ".JSON" when Mera.MeraTaskLoader.IsMeraFile(path) => Mera.MeraTaskLoader.Load(path),
            _ => throw new ConfigException(path, 1, 1, "unknown suite format; expected suite.yaml, .jsonl, .csv or a MERA task .json"),
        };
    }

    /// <summary>
    /// Parses a manifest. <paramref name="open"/> opens files named by the manifest (items, few-shot);
    /// <paramref name="resolve"/> turns such a name into a path for messages and foreign loaders.
    /// </summary>
    /// <paramref name="onDisk"/>: the resolved names are files, so native items are read on demand (<see cref="JsonlFileItems"/>).
    internal static Suite LoadManifest(string file, TextReader manifest, Func<string, TextReader> open, Func<string, string> resolve, bool onDisk = false)
    {
        var y = new YamlNodes(file);
        YamlMappingNode root;
        using (manifest) root = y.LoadRoot(manifest);
        y.CheckKeys(root, "id", "version", "title", "domain", "language", "confidentiality", "scorer", "epochs", "systemPrompt", "promptTemplate", "items", "format", "fewShot");
        var id = y.RequiredString(root, "id");
        var conf = y.OptionalString(root, "confidentiality") ?? "public";
        if (!Enum.TryParse<Confidentiality>(conf, ignoreCase: true, out var confidentiality))
        {
            throw y.Error(y.Get(root, "confidentiality")!, $"confidentiality must be public, internal or confidential, got '{conf}'");
        }

        var scorer = ParseScorer(y, root);
        var format = y.OptionalString(root, "format") ?? "native";
        // A rubric judge grades against the rubric, so the items need no answer key.
        var targetOptional = scorer.Kind == Scoring.Rubric.RubricScorer.Kind;
        IReadOnlyList<SuiteItem> items;
        if (y.Get(root, "items") is YamlSequenceNode inline)
        {
            // Items written in the manifest itself, e.g. a short conversation suite with tool calls.
            if (format != "native") throw y.Error(y.Get(root, "format")!, $"items written in suite.yaml are native items; format '{format}' needs an items file");
            items = YamlItems.Read(y, inline, $"{id}-", targetOptional);
        }
        else
        {
            var itemsFile = y.OptionalString(root, "items") ?? "items.jsonl";
            items = ReadItems(y, y.Get(root, "format") ?? root, format, itemsFile, $"{id}-", open, resolve, onDisk, targetOptional);
        }

        if (items.Count == 0) throw y.Error(y.Get(root, "items") ?? root, $"suite '{id}' has no items");

        IReadOnlyList<SuiteItem> fewShot = [];
        var shotsPerItem = 0;
        if (y.OptionalMap(root, "fewShot") is { } fs)
        {
            y.CheckKeys(fs, "file", "k", "format");
            shotsPerItem = y.OptionalInt(fs, "k", 0, 64) ?? 0;
            // Without a file the shots come from the test items themselves (each item left out of its own).
            var shotFile = y.OptionalString(fs, "file");
            fewShot = shotFile is null
                ? items
                : ReadItems(y, fs, y.OptionalString(fs, "format") ?? format, shotFile, "shot-", open, resolve, onDisk);
            if (fewShot.Count < shotsPerItem) throw y.Error(fs, $"fewShot asks for k={shotsPerItem} examples but the file has {fewShot.Count}");
        }

        return new Suite(id, y.OptionalString(root, "version") ?? "1", y.OptionalString(root, "domain") ?? "general",
            y.OptionalString(root, "language") ?? "en", confidentiality, scorer, items)
        {
            Title = y.OptionalString(root, "title"),
            SystemPrompt = y.OptionalString(root, "systemPrompt"),
            PromptTemplate = y.OptionalString(root, "promptTemplate"),
            Epochs = y.OptionalInt(root, "epochs", 1, 1000) ?? 1,
            FewShot = fewShot,
            FewShotK = shotsPerItem,
            Source = file,
        };
    }

    private static ScorerSpec ParseScorer(YamlNodes y, YamlMappingNode root)
    {
        var node = y.Get(root, "scorer");
        if (node is null) return ScorerSpec.Auto;
        ScorerSpec spec;
        if (node is YamlMappingNode map)
        {
            y.CheckKeys(map, "kind", "pattern", "tolerance", "rubric", "judge");
            spec = new ScorerSpec(y.RequiredString(map, "kind"), y.OptionalString(map, "pattern"), y.OptionalDouble(map, "tolerance", 0) ?? 1e-6)
            {
                Options = RubricOptions(y.OptionalString(map, "rubric"), y.OptionalString(map, "judge")),
            };
        }
        else
        {
            spec = new ScorerSpec(y.Scalar(node).Trim());
        }

        if (!Scoring.ScorerFactory.Kinds.Contains(spec.Kind))
        {
            throw y.Error(node, $"unknown scorer '{spec.Kind}'; expected one of: {string.Join(", ", Scoring.ScorerFactory.Kinds)}");
        }

        if (spec.Kind == "regex" && spec.Pattern is null) throw y.Error(node, "scorer 'regex' needs a 'pattern'");
        var rubric = spec.Options?.Any(o => o.Key == "rubric") == true;
        if (spec.Kind == Scoring.Rubric.RubricScorer.Kind && !rubric) throw y.Error(node, "scorer 'rubric' needs a 'rubric' text (what a passing answer does) and usually a 'judge' model id");
        if (spec.Kind != Scoring.Rubric.RubricScorer.Kind && spec.Options is not null) throw y.Error(node, "'rubric' and 'judge' belong to scorer 'rubric'");
        if (spec.Pattern is not null) Scoring.ScorerFactory.ValidatePattern(spec.Pattern, msg => y.Error(node, msg));
        return spec;
    }

    private static List<KeyValuePair<string, string>>? RubricOptions(string? rubric, string? judge)
    {
        if (rubric is null && judge is null) return null;
        var options = new List<KeyValuePair<string, string>>();
        if (rubric is not null) options.Add(new("rubric", rubric));
        if (judge is not null) options.Add(new("judge", judge));
        return options;
    }

    private static IReadOnlyList<SuiteItem> ReadItems(YamlNodes y, YamlNode at, string format, string file, string idPrefix, Func<string, TextReader> open, Func<string, string> resolve, bool onDisk,
        bool targetOptional = false)
    {
        try
        {
            return format switch
            {
                "native" when onDisk => ReadNative(resolve(file), idPrefix, targetOptional),
                "native" => ReadWith(open(file), r => JsonlItems.Read(resolve(file), r, idPrefix, targetOptional)),
                "gsm8k" => ForeignFormats.ReadGsm8k(resolve(file), idPrefix),
                "mmlu" => ForeignFormats.ReadMmlu(resolve(file), idPrefix),
                _ => throw y.Error(at, $"unknown format '{format}'; expected native, gsm8k or mmlu"),
            };
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw y.Error(at, $"items file '{file}' not found");
        }
    }

    /// <summary>A UTF-8 file is indexed and read on demand (memory flat in its size); any other encoding is read whole.</summary>
    private static IReadOnlyList<SuiteItem> ReadNative(string path, string idPrefix, bool targetOptional = false)
    {
        if (JsonlLines.IsUtf8(path)) return JsonlFileItems.Open(path, idPrefix, targetOptional);
        using var reader = File.OpenText(path);
        return JsonlItems.Read(path, reader, idPrefix, targetOptional);
    }

    private static T ReadWith<T>(TextReader reader, Func<TextReader, T> read)
    {
        using (reader) return read(reader);
    }

    private static Suite Bare(string name, string path, IReadOnlyList<SuiteItem> items, ScorerSpec scorer) =>
        items.Count == 0
            ? throw new ConfigException(path, 1, 1, "the file has no items")
            : new Suite(name, "1", "general", "en", Confidentiality.Public, scorer, items) { Source = path };

    internal static bool LooksLikeGsm8k(string path)
    {
        var first = File.ReadLines(path).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
        if (first is null) return false;
        try
        {
            using var doc = JsonDocument.Parse(first);
            var r = doc.RootElement;
            return r.ValueKind == JsonValueKind.Object && r.TryGetProperty("question", out _) && r.TryGetProperty("answer", out _) && !r.TryGetProperty("input", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
