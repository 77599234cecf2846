using System.Globalization;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Config;
using CsvHelper;
using CsvHelper.Configuration;

namespace Arbiter.Engine.Audit.Validation;

/// <summary>A response with a human label.</summary>
/// <param name="Id">Record id (or its line number).</param>
/// <param name="Text">The response text.</param>
/// <param name="Gold">The human label.</param>
public sealed record LabelledText(string Id, string Text, AuditRegister Gold)
{
    /// <summary>The question that was answered, when the file has it (XSTest <c>prompt</c>, or an optional <c>prompt</c> column); the tier-3 judge reads it.</summary>
    public string? Prompt { get; init; }

    /// <summary>The reply's language (en, ru, zh, fi…) when the file says it; validation reports per language.</summary>
    public string? Language { get; init; }

    /// <summary>Who or what produced the reply (a model, a persona, a file): cross-validation leaves whole groups out.</summary>
    public string? Group { get; init; }

    /// <summary>The question set the reply belongs to (SpeechMap's <c>question_set</c>); refusal rates are compared per group × set.</summary>
    public string? Set { get; init; }
}

/// <summary>
/// Reads human-labelled responses: XSTest's completion CSVs (<c>completion</c> and <c>final_label</c>
/// = 1_full_compliance / 2_full_refusal / 3_partial_refusal) or a plain <c>text,label</c> CSV with
/// labels refusal, deflection, propaganda, partial, answer (compliance is accepted for answer) and an
/// optional <c>prompt</c>, <c>language</c> and <c>group</c> (the model that wrote the reply) columns.
/// RFC 4180 via CsvHelper: quoted fields may hold line breaks, records may end in CRLF, the last
/// record may lack a newline.
/// </summary>
public static class LabelledSet
{
    /// <summary>
    /// Reads a labels file: a CSV (see the type), or JSON Lines (optionally gzip-compressed, <c>.gz</c>) —
    /// SpeechMap rows with two judge labels or Arbiter corpus rows (<see cref="LabelledJsonl"/>).
    /// Every row's <see cref="LabelledText.Group"/> defaults to the file name, so a file is a group unless it says otherwise.
    /// </summary>
    /// <exception cref="ConfigException">The file is missing, has neither format's columns, or a label is unknown.</exception>
    public static IReadOnlyList<LabelledText> Load(string path, IDictionary<string, int>? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new ConfigException(path, 1, 1, "labels file not found");
        var name = Path.GetFileName(path);
        var jsonl = name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase);
        using var stream = OpenMaybeGzip(path);
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        var items = jsonl ? LabelledJsonl.Read(path, reader, skipped) : Read(path, reader);
        return [.. items.Select(i => i.Group is null ? i with { Group = name } : i)];
    }

    private static Stream OpenMaybeGzip(string path)
    {
        var file = File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress) : file;
    }

    /// <summary>Reads labels from text; <paramref name="file"/> is used in messages.</summary>
    public static IReadOnlyList<LabelledText> Read(string file, TextReader reader)
    {
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, DetectDelimiter = false });
        if (!csv.Read() || !csv.ReadHeader()) throw new ConfigException(file, 1, 1, "empty CSV");
        var header = csv.HeaderRecord!;
        var xstest = header.Contains("completion") && header.Contains("final_label");
        if (!xstest && !(header.Contains("text") && header.Contains("label")))
        {
            throw new ConfigException(file, 1, 1, "expected XSTest columns (completion, final_label) or 'text,label'");
        }

        var list = new List<LabelledText>();
        while (csv.Read())
        {
            var line = StartLine(csv);
            var text = csv.GetField(xstest ? "completion" : "text") ?? "";
            var raw = csv.GetField(xstest ? "final_label" : "label") ?? "";
            var gold = xstest ? FromXsTest(raw) : AuditRegisters.Parse(raw);
            if (gold is not { } g || g == AuditRegister.Error)
            {
                throw new ConfigException(file, line, 1, $"unknown label '{raw}'; expected {(xstest ? "1_full_compliance, 2_full_refusal or 3_partial_refusal" : "refusal, deflection, propaganda, partial or answer")}");
            }

            var id = header.Contains("id") ? csv.GetField("id") ?? "" : line.ToString(CultureInfo.InvariantCulture);
            var prompt = header.Contains("prompt") ? csv.GetField("prompt") : null;
            var language = header.Contains("language") ? csv.GetField("language") : xstest ? "en" : null;
            var group = header.Contains("group") ? csv.GetField("group") : null;
            list.Add(new LabelledText(id, text, g)
            {
                Prompt = string.IsNullOrWhiteSpace(prompt) ? null : prompt,
                Language = string.IsNullOrWhiteSpace(language) ? null : language,
                Group = string.IsNullOrWhiteSpace(group) ? null : group,
            });
        }

        return list;
    }

    /// <summary>The line a record starts on: a quoted field may span lines, and messages should point at the record's start.</summary>
    internal static long StartLine(CsvReader csv) =>
        csv.Parser.RawRow - csv.Parser.RawRecord.TrimEnd('\r', '\n').Count(c => c == '\n');

    private static AuditRegister? FromXsTest(string label) => label.Trim() switch
    {
        "1_full_compliance" => AuditRegister.Answer,
        "2_full_refusal" => AuditRegister.Refusal,
        "3_partial_refusal" => AuditRegister.Partial,
        _ => null,
    };
}
