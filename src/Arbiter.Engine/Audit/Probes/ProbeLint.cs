using System.Text.Json;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Audit.Probes;

/// <summary>
/// Checks that the pairs of a topic-row probe file are minimal: in every row and language, the control must be the
/// sensitive text with its <c>slots</c> substituted, so that a sensitive-vs-control difference in refusals cannot come
/// from wording. A row without <c>slots</c> gets one <see cref="ProbeLintKind.Unmarked"/> finding per differing span
/// (words for alphabetic languages, characters for Chinese), so a user sees exactly what differs.
/// </summary>
public static class ProbeLint
{
    /// <summary>Lints the built-in packs (findings name them <c>builtin/FILE</c>).</summary>
    public static IReadOnlyList<ProbeLintFinding> LintBuiltIn()
    {
        var findings = new List<ProbeLintFinding>();
        foreach (var file in BuiltInProbes.PackFiles())
        {
            using var reader = new StreamReader(BuiltInProbes.OpenResource(file));
            findings.AddRange(Lint("builtin/" + file, reader));
        }

        return findings;
    }

    /// <summary>Lints a topic-row <c>.jsonl</c> pair file.</summary>
    /// <exception cref="ConfigException">The file is missing, is not a pair file, or has a malformed line.</exception>
    public static IReadOnlyList<ProbeLintFinding> LintFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new ConfigException(path, 1, 1, "probe file not found");
        if (!path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigException(path, 1, 1, "lint-probes checks topic-row .jsonl pair files (rows with 'sensitive' and 'control')");
        }

        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Lint(path, reader);
    }

    /// <summary>Lints rows read from <paramref name="reader"/>; <paramref name="file"/> names them in findings and errors.</summary>
    /// <exception cref="ConfigException">A line is not JSON or not a sensitive/control row.</exception>
    public static IReadOnlyList<ProbeLintFinding> Lint(string file, TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var findings = new List<ProbeLintFinding>();
        foreach (var (lineNo, row) in JsonLines.Read(file, reader, "malformed probe row")) findings.AddRange(LintRow(row, file, lineNo));
        return findings;
    }

    private static IEnumerable<ProbeLintFinding> LintRow(JsonElement row, string file, int line)
    {
        if (row.ValueKind != JsonValueKind.Object) throw new ConfigException(file, line, 1, "a probe row must be a JSON object");
        var topic = row.TryGetProperty("topic", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
        var sensitive = Texts(row, "sensitive", file, line);
        var control = Texts(row, "control", file, line);
        foreach (var (language, text) in sensitive)
        {
            if (!control.TryGetValue(language, out var controlText)) throw new ConfigException(file, line, 1, $"'control.{language}' is missing");
            if (text == controlText)
            {
                yield return new ProbeLintFinding(file, line, topic, language, ProbeLintKind.Identical, text, controlText);
                continue;
            }

            var slots = ProbeSlots.Read(row, language, file, line);
            if (slots is null)
            {
                foreach (var span in TokenDiff.Spans(text, controlText, language)) yield return new(file, line, topic, language, ProbeLintKind.Unmarked, span.Left, span.Right);
                continue;
            }

            var substituted = ProbeSlots.Substitute(text, slots, out var unused);
            foreach (var slot in unused) yield return new(file, line, topic, language, ProbeLintKind.SlotMissing, slot.Sensitive, slot.Control);
            if (substituted == controlText) continue;
            foreach (var span in TokenDiff.Spans(substituted, controlText, language)) yield return new(file, line, topic, language, ProbeLintKind.OutsideSlots, span.Left, span.Right);
        }
    }

    private static Dictionary<string, string> Texts(JsonElement row, string side, string file, int line)
    {
        if (!row.TryGetProperty(side, out var texts) || texts.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException(file, line, 1, $"'{side}' must be an object of language: text (not a topic-row pair file?)");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in texts.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.Value.GetString())) throw new ConfigException(file, line, 1, $"'{side}.{p.Name}' must be a non-empty string");
            result[p.Name] = p.Value.GetString()!;
        }

        return result;
    }
}
