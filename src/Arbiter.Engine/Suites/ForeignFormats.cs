using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using CsvHelper;
using CsvHelper.Configuration;

namespace Arbiter.Engine.Suites;

/// <summary>Loaders for public benchmark formats: GSM8K JSONL and MMLU-style CSV.</summary>
internal static class ForeignFormats
{
    /// <summary>GSM8K: <c>{"question", "answer"}</c> where the gold answer follows the last <c>#### </c>.</summary>
    public static List<SuiteItem> ReadGsm8k(string file, string idPrefix)
    {
        var items = new List<SuiteItem>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string question, answer;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("question", out var q) || !root.TryGetProperty("answer", out var a)
                    || q.ValueKind != JsonValueKind.String || a.ValueKind != JsonValueKind.String)
                {
                    throw new ConfigException(file, lineNo, 1, "a GSM8K line needs string fields 'question' and 'answer'");
                }

                question = q.GetString()!;
                answer = a.GetString()!;
            }
            catch (JsonException ex)
            {
                throw new ConfigException(file, lineNo, (ex.BytePositionInLine ?? 0) + 1, "invalid JSON");
            }

            var mark = answer.LastIndexOf("#### ", StringComparison.Ordinal);
            if (mark < 0) throw new ConfigException(file, lineNo, 1, "'answer' does not end in '#### <number>'");
            // Gold answers may carry thousands separators ("2,125"): normalise to a plain number.
            var gold = answer[(mark + 5)..].Trim().Replace(",", "", StringComparison.Ordinal);
            if (!decimal.TryParse(gold, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            {
                throw new ConfigException(file, lineNo, 1, $"gold answer '{answer[(mark + 5)..].Trim()}' is not a number");
            }

            var meta = new Dictionary<string, string> { ["solution"] = answer, ["line"] = lineNo.ToString(CultureInfo.InvariantCulture) };
            items.Add(new SuiteItem($"{idPrefix}{lineNo.ToString("D4", CultureInfo.InvariantCulture)}", [new ChatTurn("user", question)], null, gold, null, meta)
            {
                Scorer = new ScorerSpec("numeric"),
            });
        }

        return items;
    }

    /// <summary>
    /// MMLU CSV: <c>question,A,B,C,D,answer</c>, optionally with a leading <c>subject</c> column and a
    /// header row. Fields may contain quoted line breaks (RFC 4180), so rows are counted by the parser.
    /// </summary>
    public static List<SuiteItem> ReadMmlu(string file, string idPrefix)
    {
        var items = new List<SuiteItem>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, DetectColumnCountChanges = false, BadDataFound = null };
        using var reader = new StreamReader(file);
        using var csv = new CsvReader(reader, config);
        var subjectColumn = false;
        var first = true;
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        var previousEnd = 0;
        while (csv.Read())
        {
            var row = csv.Parser.Record ?? [];
            // RawRow is where the record ends; a quote left open makes it end at the file's end, so errors
            // name the line the record starts on instead (RawRow there is a line the file may not have).
            var line = previousEnd + 1;
            var spans = csv.Parser.RawRow > line;
            previousEnd = csv.Parser.RawRow;
            if (first)
            {
                first = false;
                if (row.Length > 0 && row[^1].Trim().Equals("answer", StringComparison.OrdinalIgnoreCase))
                {
                    subjectColumn = row[0].Trim().Equals("subject", StringComparison.OrdinalIgnoreCase);
                    continue;
                }

                subjectColumn = row.Length == 7;
            }

            var offset = subjectColumn ? 1 : 0;
            if (row.Length != 6 + offset)
            {
                throw new ConfigException(file, line, 1, $"expected {6 + offset} columns ({(subjectColumn ? "subject," : "")}question,A,B,C,D,answer), found {row.Length}"
                    + (spans ? $"; this record runs over several lines from here — is a quote left open on line {line}?" : ""));
            }

            var letter = row[5 + offset].Trim().ToUpperInvariant();
            if (letter is not ("A" or "B" or "C" or "D"))
            {
                throw new ConfigException(file, line, 1, $"answer must be A, B, C or D, got '{row[5 + offset]}'");
            }

            var subject = subjectColumn ? row[0].Trim() : Path.GetFileNameWithoutExtension(file);
            counters[subject] = counters.GetValueOrDefault(subject) + 1;
            var id = $"{idPrefix}{subject}-{counters[subject].ToString("D3", CultureInfo.InvariantCulture)}";
            var meta = new Dictionary<string, string> { ["subject"] = subject, ["line"] = line.ToString(CultureInfo.InvariantCulture) };
            items.Add(new SuiteItem(id, [new ChatTurn("user", row[offset])], [row[1 + offset], row[2 + offset], row[3 + offset], row[4 + offset]], letter, null, meta));
        }

        return items;
    }
}
