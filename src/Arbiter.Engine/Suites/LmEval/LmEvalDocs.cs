using System.Globalization;
using System.Text.Json;
using Arbiter.Engine.Config;
using Arbiter.Engine.Suites.Templates;
using CsvHelper;
using CsvHelper.Configuration;

namespace Arbiter.Engine.Suites.LmEval;

/// <summary>One dataset row: its fields as template values and the line it starts on.</summary>
internal sealed record LmEvalDoc(Dictionary<string, object?> Fields, long Line);

/// <summary>
/// Reads a local dataset file as Hugging Face's <c>json</c> and <c>csv</c> builders would: JSON Lines
/// (or one JSON array of objects), or CSV with a header row (every value a string).
/// </summary>
internal static class LmEvalDocs
{
    public static List<LmEvalDoc> Read(string file, string builder) => builder == "csv" ? ReadCsv(file) : ReadJson(file);

    private static List<LmEvalDoc> ReadJson(string file)
    {
        var text = File.ReadAllText(file);
        var docs = new List<LmEvalDoc>();
        if (text.TrimStart().StartsWith('['))
        {
            try
            {
                using var array = JsonDocument.Parse(text);
                var n = 0;
                foreach (var e in array.RootElement.EnumerateArray())
                {
                    n++;
                    if (TemplateValues.FromJson(e) is not Dictionary<string, object?> doc) throw new ConfigException(file, 1, 1, $"element {n} of the JSON array is not an object");
                    docs.Add(new LmEvalDoc(doc, 1));
                }
            }
            catch (JsonException ex)
            {
                throw new ConfigException(file, (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1, "invalid JSON");
            }

            return docs;
        }

        var lineNo = 0;
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (TemplateValues.FromJson(doc.RootElement) is not Dictionary<string, object?> fields) throw new ConfigException(file, lineNo, 1, "a JSON Lines row must be an object");
                docs.Add(new LmEvalDoc(fields, lineNo));
            }
            catch (JsonException ex)
            {
                throw new ConfigException(file, lineNo, (ex.BytePositionInLine ?? 0) + 1, "invalid JSON");
            }
        }

        return docs;
    }

    private static List<LmEvalDoc> ReadCsv(string file)
    {
        var docs = new List<LmEvalDoc>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = true, DetectColumnCountChanges = false, BadDataFound = null };
        using var reader = new StreamReader(file);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read()) return docs;
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        foreach (var (line, row) in CsvRows.Read(csv, file, header.Length))
        {
            docs.Add(new LmEvalDoc(header.Zip(row).ToDictionary(p => p.First, p => (object?)p.Second, StringComparer.Ordinal), line));
        }

        return docs;
    }
}
