using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Suites;

/// <summary>
/// Reads native JSONL items. Every malformed line is reported with file and line number. Files on disk are
/// read through <see cref="JsonlFileItems"/>, which parses each line with <see cref="ParseLine"/> on demand.
/// </summary>
internal static class JsonlItems
{
    private static readonly string[] AllowedKeys = ["id", "input", "choices", "target", "aliases", "pattern", "scorer", "metadata"];

    /// <summary>Reads every item; <paramref name="targetOptional"/>: items may have no <c>target</c> (a suite graded by a rubric judge).</summary>
    public static List<SuiteItem> Read(string file, TextReader reader, string idPrefix, bool targetOptional = false)
    {
        var items = new List<SuiteItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var item = ParseLine(file, lineNo, line, idPrefix, targetOptional);
            if (!seen.Add(item.Id))
            {
                throw new ConfigException(file, lineNo, 1, $"duplicate item id '{item.Id}'");
            }

            items.Add(item);
        }

        return items;
    }

    internal static SuiteItem ParseLine(string file, int lineNo, string line, string idPrefix, bool targetOptional = false)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new ConfigException(file, lineNo, (ex.BytePositionInLine ?? 0) + 1, $"invalid JSON: {FirstSentence(ex.Message)}");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Fail("each line must be a JSON object");
            return ParseItem(doc.RootElement, $"{idPrefix}{lineNo.ToString("D4", CultureInfo.InvariantCulture)}", targetOptional, Fail);
        }

        ConfigException Fail(string message) => new(file, lineNo, 1, message);
    }

    /// <summary>
    /// One item as a JSON object (a JSONL line, or an inline item of suite.yaml converted to JSON); <paramref name="fail"/>
    /// turns a message that starts with the field at fault (<c>input[2].tool_call_id …</c>) into an error with its location.
    /// </summary>
    internal static SuiteItem ParseItem(JsonElement root, string defaultId, bool targetOptional, Func<string, ConfigException> fail)
    {
        ConfigException Fail(string message) => fail(message);
        foreach (var prop in root.EnumerateObject())
        {
            if (!AllowedKeys.Contains(prop.Name)) throw Fail($"unknown field '{prop.Name}'; expected one of: {string.Join(", ", AllowedKeys)}");
        }

        var id = root.TryGetProperty("id", out var idEl) ? ScalarText(idEl) : defaultId;
        if (string.IsNullOrWhiteSpace(id)) throw Fail("'id' must not be empty");
        if (!root.TryGetProperty("input", out var inputEl)) throw Fail("missing required field 'input'");
        var input = ConversationTurns.Parse(inputEl, Fail);

        IReadOnlyList<string>? choices = null;
        if (root.TryGetProperty("choices", out var choicesEl))
        {
            choices = StringList(choicesEl) ?? throw Fail("'choices' must be a list of strings");
            if (choices.Count is < 2 or > 26) throw Fail("'choices' must have between 2 and 26 options");
        }

        string? target = root.TryGetProperty("target", out var targetEl) ? ScalarText(targetEl) : null;
        var pattern = root.TryGetProperty("pattern", out var patEl) ? ScalarText(patEl) : null;
        if (choices is not null)
        {
            var letter = target?.Trim().ToUpperInvariant();
            if (letter is null || letter.Length != 1 || letter[0] - 'A' >= choices.Count || letter[0] < 'A')
            {
                throw Fail($"multiple-choice 'target' must be a letter A–{(char)('A' + choices.Count - 1)}, got '{target}'");
            }

            target = letter;
        }
        else if (target is null && pattern is null && !targetOptional)
        {
            throw Fail("an item needs a 'target' or a 'pattern' (unless the suite's scorer is 'rubric')");
        }

        var aliases = root.TryGetProperty("aliases", out var aliasEl) ? StringList(aliasEl) ?? throw Fail("'aliases' must be a list of strings") : null;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("metadata", out var metaEl))
        {
            if (metaEl.ValueKind != JsonValueKind.Object) throw Fail("'metadata' must be an object");
            foreach (var p in metaEl.EnumerateObject()) metadata[p.Name] = ScalarText(p.Value);
            if (metadata.TryGetValue("confidentiality", out var level) && Sovereignty.ResidencyPolicy.TryParse(level) is null)
            {
                throw Fail($"metadata.confidentiality must be public, internal or confidential, got '{level}'");
            }
        }

        ScorerSpec? scorer = null;
        if (root.TryGetProperty("scorer", out var scorerEl))
        {
            var kind = ScalarText(scorerEl);
            if (!Scoring.ScorerFactory.Kinds.Contains(kind)) throw Fail($"unknown scorer '{kind}'; expected one of: {string.Join(", ", Scoring.ScorerFactory.Kinds)}");
            // Its rubric text and judge are settings of the suite, which a one-word item scorer cannot carry.
            if (kind == Scoring.Rubric.RubricScorer.Kind) throw Fail("scorer 'rubric' is set for the whole suite in suite.yaml (scorer: {kind: rubric, rubric: …}), not per item");
            scorer = new ScorerSpec(kind, pattern);
        }
        else if (pattern is not null)
        {
            scorer = new ScorerSpec("regex", pattern);
        }

        if (scorer?.Pattern is { } rx) Scoring.ScorerFactory.ValidatePattern(rx, msg => Fail(msg));
        return new SuiteItem(id.Trim(), input, choices, target, aliases, metadata) { Scorer = scorer };
    }

    private static List<string>? StringList(JsonElement el)
    {
        if (el.ValueKind != JsonValueKind.Array) return null;
        var list = new List<string>();
        foreach (var v in el.EnumerateArray())
        {
            if (v.ValueKind is JsonValueKind.Object or JsonValueKind.Array) return null;
            list.Add(ScalarText(v));
        }

        return list;
    }

    internal static string ScalarText(JsonElement el) => el.ValueKind switch
    {
        JsonValueKind.String => el.GetString()!,
        JsonValueKind.Number => el.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => el.GetRawText(),
    };

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return i > 0 ? message[..(i + 1)] : message;
    }
}
