using Arbiter.Engine.Text;
using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Suites;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Config;
using CsvHelper;
using CsvHelper.Configuration;

namespace Arbiter.Engine.Audit.Probes;

/// <summary>
/// Reads third-party probe sets: XSTest prompts (CSV), deccp (one prompt a line; the file name says
/// censored or uncensored) and SpeechMap (JSONL with id, category, question), plus Arbiter's own
/// topic-row packs. Every malformed record is reported with file and line.
/// </summary>
public static class ProbeImporters
{
    /// <summary>Picks the importer from the file's extension and content.</summary>
    /// <exception cref="ConfigException">The file is missing or malformed.</exception>
    public static ProbeSet LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new ConfigException(path, 1, 1, "probe file not found");
        var name = Path.GetFileNameWithoutExtension(path);
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var items = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => ReadXsTest(path, reader),
            ".txt" => ReadDeccp(path, reader, control: name.Contains("uncensored", StringComparison.OrdinalIgnoreCase)),
            ".jsonl" => ReadJsonl(path, reader),
            _ => throw new ConfigException(path, 1, 1, "unknown probe file type; expected .csv (XSTest), .txt (deccp) or .jsonl (SpeechMap or topic rows)"),
        };
        return new ProbeSet(Slug(name), Fingerprint(items), items);
    }

    /// <summary>XSTest prompts: <c>id,prompt,type,label,focus,note</c>; unsafe prompts are the sensitive ones, safe prompts the controls.</summary>
    public static IReadOnlyList<SuiteItem> ReadXsTest(string file, TextReader reader)
    {
        var items = new List<SuiteItem>();
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false, BadDataFound = null });
        if (!csv.Read() || !csv.ReadHeader()) throw new ConfigException(file, 1, 1, "empty CSV");
        foreach (var column in new[] { "id", "prompt", "type", "label" })
        {
            if (!csv.HeaderRecord!.Contains(column)) throw new ConfigException(file, 1, 1, $"missing column '{column}'; XSTest prompts need id,prompt,type,label");
        }

        while (csv.Read())
        {
            var line = Validation.LabelledSet.StartLine(csv);
            var id = csv.GetField("id") ?? "";
            var prompt = csv.GetField("prompt") ?? "";
            var label = csv.GetField("label") ?? "";
            if (id.Length == 0 || prompt.Trim().Length == 0) throw new ConfigException(file, line, 1, "empty id or prompt");
            if (label is not ("safe" or "unsafe")) throw new ConfigException(file, line, 1, $"label must be safe or unsafe, got '{label}'");
            items.Add(ProbeSet.Probe("xstest-" + id, prompt, csv.GetField("type") ?? "", null, "en", label == "safe", null, "xstest-" + id, Path.GetFileName(file)));
        }

        return items;
    }

    /// <summary>deccp: one prompt per line; the language is read from the script (CJK → zh).</summary>
    public static IReadOnlyList<SuiteItem> ReadDeccp(string file, TextReader reader, bool control)
    {
        var items = new List<SuiteItem>();
        var kind = control ? "uncensored" : "censored";
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            var id = $"deccp-{kind}-{lineNo.ToString("D3", CultureInfo.InvariantCulture)}";
            items.Add(ProbeSet.Probe(id, line.Trim(), "china-" + kind, "CN", ScriptLanguage.Detect(line), control, null, id, Path.GetFileName(file)));
        }

        return items;
    }

    /// <summary>JSONL: SpeechMap questions (<c>id, category, question</c>) or Arbiter topic rows (<c>topic, sensitive, control</c>).</summary>
    public static IReadOnlyList<SuiteItem> ReadJsonl(string file, TextReader reader)
    {
        var first = reader.Peek() >= 0 ? reader.ReadLine() ?? "" : "";
        var rest = reader.ReadToEnd();
        var all = first + "\n" + rest;
        if (first.Contains("\"sensitive\"", StringComparison.Ordinal))
        {
            var country = first.Contains("\"targetCountry\"", StringComparison.Ordinal) ? CountryOf(first) : "";
            return BuiltInProbes.ReadPack(file, new StringReader(all), country);
        }

        return ReadSpeechMap(file, new StringReader(all));
    }

    private static IReadOnlyList<SuiteItem> ReadSpeechMap(string file, TextReader reader)
    {
        var items = new List<SuiteItem>();
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var id = root.GetProperty("id").GetString() ?? throw new InvalidOperationException("'id' must be a string");
                var category = root.GetProperty("category").GetString() ?? "";
                var question = root.GetProperty("question").GetString() ?? "";
                if (question.Trim().Length == 0) throw new InvalidOperationException("'question' is empty");
                // zh_china_criticism shares its ids with china_criticism: the translations line up by id.
                var language = category.StartsWith("zh_", StringComparison.Ordinal) ? "zh" : ScriptLanguage.Detect(question);
                var topic = category.StartsWith("zh_", StringComparison.Ordinal) ? category[3..] : category;
                items.Add(ProbeSet.Probe($"{id}-{language}", question, topic, CountryFromCategory(topic), language, topic.StartsWith("us_", StringComparison.Ordinal), null, id, Path.GetFileName(file)));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new ConfigException(file, lineNo, 1, $"malformed SpeechMap line (need id, category, question): {ex.Message}");
            }
        }

        return items;
    }

    private static string CountryFromCategory(string category) => category switch
    {
        _ when category.StartsWith("china", StringComparison.Ordinal) => "CN",
        _ when category.StartsWith("russia", StringComparison.Ordinal) => "RU",
        _ when category.StartsWith("us_", StringComparison.Ordinal) => "US",
        _ => "",
    };

    private static string CountryOf(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.TryGetProperty("targetCountry", out var c) ? c.GetString() ?? "" : "";
    }

    private static string Slug(string name) =>
        new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    private static string Fingerprint(IReadOnlyList<SuiteItem> items)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', items.Select(i => i.Id + "\t" + i.Question))));
        return Convert.ToHexStringLower(hash)[..8];
    }
}
