using System.Globalization;
using Arbiter.Engine.Config;
using CsvHelper;
using CsvHelper.Configuration;

namespace Arbiter.Engine.Labelling;

/// <summary>
/// Reads <c>item,labeller,label</c> CSV files (RFC 4180, header required, extra columns ignored).
/// A row with an empty field, or a labeller labelling the same item twice (in one file or across files),
/// is a <see cref="ConfigException"/> naming the file and line.
/// </summary>
public static class LabelCsv
{
    private static readonly string[] Columns = ["item", "labeller", "label"];

    /// <summary>Reads every file in order and returns all labels.</summary>
    /// <exception cref="ConfigException">A file is missing, lacks a column, has a bad row or a repeated (item, labeller).</exception>
    public static IReadOnlyList<LabelRecord> Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var seen = new Dictionary<(string, string), string>();
        var all = new List<LabelRecord>();
        foreach (var path in paths)
        {
            if (!File.Exists(path)) throw new ConfigException(path, 1, 1, "labels file not found");
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            all.AddRange(Read(path, reader, seen));
        }

        if (all.Count == 0) throw new ConfigException(paths.FirstOrDefault() ?? "(no file)", 1, 1, "no labels");
        return all;
    }

    /// <summary>Reads one CSV; <paramref name="file"/> names it in messages; <paramref name="seen"/> carries (item, labeller) → location across files.</summary>
    public static IReadOnlyList<LabelRecord> Read(string file, TextReader reader, IDictionary<(string Item, string Labeller), string>? seen = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        seen ??= new Dictionary<(string, string), string>();
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, DetectDelimiter = false });
        if (!csv.Read() || !csv.ReadHeader()) throw new ConfigException(file, 1, 1, "empty CSV; expected the header item,labeller,label");
        var header = csv.HeaderRecord!.Select(h => h.Trim()).ToArray();
        var index = Columns.Select(c => Array.FindIndex(header, h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (index.Any(i => i < 0))
        {
            throw new ConfigException(file, 1, 1, $"missing column(s) {string.Join(", ", Columns.Where((_, k) => index[k] < 0))}; expected item,labeller,label");
        }

        var list = new List<LabelRecord>();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow - csv.Parser.RawRecord.TrimEnd('\r', '\n').Count(c => c == '\n');
            if (csv.Parser.Count == 1 && string.IsNullOrWhiteSpace(csv.GetField(0))) continue; // blank line
            var fields = new string[3];
            for (int k = 0; k < 3; k++)
            {
                var value = index[k] < csv.Parser.Count ? csv.GetField(index[k])?.Trim() : null;
                if (string.IsNullOrEmpty(value)) throw new ConfigException(file, line, 1, $"empty or missing '{Columns[k]}'");
                fields[k] = value;
            }

            var where = $"{file}:{line.ToString(CultureInfo.InvariantCulture)}";
            if (seen.TryGetValue((fields[0], fields[1]), out var first))
            {
                throw new ConfigException(file, line, 1, $"labeller '{fields[1]}' labelled item '{fields[0]}' twice (first at {first})");
            }

            seen[(fields[0], fields[1])] = where;
            list.Add(new LabelRecord(fields[0], fields[1], fields[2]));
        }

        return list;
    }
}
