using System.Text.Json;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Audit.Probes;

/// <summary>
/// The probe packs written for Arbiter (<c>Audit/Probes/BuiltIn</c>): per target country, rows of
/// one topic with a sensitive question and its matched control, each in en, ru and zh. A row
/// expands to six items; the pairing and the cross-language ids follow from the row, so a pack
/// cannot pair the wrong questions.
/// </summary>
public static class BuiltInProbes
{
    private static readonly string[] Languages = ["en", "ru", "zh"];
    private static readonly Lazy<ProbeSet> Set = new(LoadFresh);

    /// <summary>The built-in probe set (4 targets × 10 topics × sensitive/control × 3 languages).</summary>
    public static ProbeSet Load() => Set.Value;

    private static ProbeSet LoadFresh()
    {
        using var manifest = Manifest();
        var version = manifest.RootElement.GetProperty("version").GetString() ?? "1";
        var items = new List<SuiteItem>();
        foreach (var pack in manifest.RootElement.GetProperty("packs").EnumerateArray())
        {
            var file = pack.GetProperty("file").GetString()!;
            var country = pack.GetProperty("targetCountry").GetString()!;
            using var reader = new StreamReader(OpenResource(file));
            items.AddRange(ReadPack(file, reader, country));
        }

        return new ProbeSet("builtin", version, items);
    }

    /// <summary>The pack file names of the manifest, in order.</summary>
    internal static IReadOnlyList<string> PackFiles()
    {
        using var manifest = Manifest();
        return [.. manifest.RootElement.GetProperty("packs").EnumerateArray().Select(p => p.GetProperty("file").GetString()!)];
    }

    /// <summary>Opens one embedded file of the built-in packs.</summary>
    internal static Stream OpenResource(string file) =>
        typeof(BuiltInProbes).Assembly.GetManifestResourceStream("audit/probes/" + file) ?? throw new FileNotFoundException($"built-in resource '{file}' is missing");

    private static JsonDocument Manifest()
    {
        using var stream = OpenResource("manifest.json");
        return JsonDocument.Parse(stream);
    }

    /// <summary>Reads one pack in the topic-row format; errors name the file and line.</summary>
    public static IReadOnlyList<SuiteItem> ReadPack(string file, TextReader reader, string targetCountry)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var items = new List<SuiteItem>();
        foreach (var (lineNo, root) in JsonLines.Read(file, reader, "malformed probe row"))
        {
            try
            {
                var topic = root.GetProperty("topic").GetString() ?? throw new ConfigException(file, lineNo, 1, "'topic' must be a string");
                var stem = $"{targetCountry.ToLowerInvariant()}-{topic}";
                foreach (var lang in Languages)
                {
                    var sensitive = Text(root, "sensitive", lang, file, lineNo);
                    var control = Text(root, "control", lang, file, lineNo);
                    items.Add(ProbeSet.Probe($"{stem}-s-{lang}", sensitive, topic, targetCountry, lang, false, $"{stem}-c-{lang}", $"{stem}-s", file));
                    items.Add(ProbeSet.Probe($"{stem}-c-{lang}", control, topic, targetCountry, lang, true, $"{stem}-s-{lang}", $"{stem}-c", file));
                }
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException)
            {
                throw new ConfigException(file, lineNo, 1, $"malformed probe row: {ex.Message}");
            }
        }

        return items;
    }

    private static string Text(JsonElement root, string side, string lang, string file, int lineNo)
    {
        var text = root.GetProperty(side).GetProperty(lang).GetString();
        return string.IsNullOrWhiteSpace(text) ? throw new ConfigException(file, lineNo, 1, $"'{side}.{lang}' must be a non-empty string") : text;
    }
}
