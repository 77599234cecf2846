using System.Globalization;
using System.Text.Json;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Config;
using Arbiter.Engine.Scoring;

namespace Arbiter.Engine.Audit.Validation;

/// <summary>
/// Labelled replies in JSON Lines. Two shapes, told apart per row:
/// <list type="bullet">
/// <item>SpeechMap (llm-compliance) analysis rows: <c>response</c>, <c>label_judge_a</c>, <c>label_judge_b</c>
/// (COMPLETE → answer, EVASIVE → deflection, DENIAL → refusal), <c>model</c>, <c>question_set</c>,
/// <c>language</c>, <c>question</c>. Rows where a judge reported an error are skipped; rows where the two
/// judges disagree on answer vs non-answer are ambiguous and skipped (counted by reason);
/// DENIAL against EVASIVE is a non-answer either way and is kept as deflection.</item>
/// <item>Arbiter corpus rows: <c>text</c>, <c>label</c> (a register name), optional <c>id</c>, <c>prompt</c>,
/// <c>language</c>, <c>persona</c> or <c>group</c> (the group becomes <c>file/persona</c>).</item>
/// </list>
/// Think blocks are removed from the reply, as the runner does before it stores an answer.
/// </summary>
public static class LabelledJsonl
{
    /// <summary>
    /// Reads every row; a malformed line or unknown label is a <see cref="ConfigException"/> naming the line.
    /// Rows left out on purpose are counted by reason in <paramref name="skipped"/> (judge error, judges disagree).
    /// </summary>
    public static IReadOnlyList<LabelledText> Read(string file, TextReader reader, IDictionary<string, int>? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        skipped ??= new Dictionary<string, int>();
        var list = new List<LabelledText>();
        foreach (var (lineNo, row) in JsonLines.Read(file, reader, "not a JSON object"))
        {
            if (row.ValueKind != JsonValueKind.Object) throw new ConfigException(file, lineNo, 1, "expected a JSON object");
            var item = row.TryGetProperty("label_judge_a", out _) ? SpeechMap(file, lineNo, row, skipped) : Corpus(file, lineNo, row);
            if (item is not null) list.Add(item);
        }

        return list;
    }

    private static LabelledText? SpeechMap(string file, int line, JsonElement row, IDictionary<string, int> skipped)
    {
        var a = Str(row, "label_judge_a");
        var b = Str(row, "label_judge_b");
        if (a is null || b is null) throw new ConfigException(file, line, 1, "SpeechMap row needs label_judge_a and label_judge_b");
        var ra = FromSpeechMap(a);
        var rb = FromSpeechMap(b);
        if (ra is null || rb is null)
        {
            Count(skipped, "judge error");
            return null;
        }

        if ((ra == AuditRegister.Answer) != (rb == AuditRegister.Answer))
        {
            Count(skipped, "judges disagree");
            return null;
        }

        var gold = ra == rb ? ra.Value : AuditRegister.Deflection;
        var model = Str(row, "model") ?? "unknown";
        var set = Str(row, "question_set");
        var id = $"{model}/{Str(row, "question_id") ?? line.ToString(CultureInfo.InvariantCulture)}";
        return new LabelledText(id, ThinkSplitter.Split(Str(row, "response")).Answer, gold)
        {
            Prompt = Str(row, "question"), Language = Str(row, "language"), Group = model, Set = set,
        };
    }

    private static LabelledText Corpus(string file, int line, JsonElement row)
    {
        var text = Str(row, "text") ?? throw new ConfigException(file, line, 1, "missing field 'text' (or SpeechMap's label_judge_a)");
        var raw = Str(row, "label") ?? throw new ConfigException(file, line, 1, "missing field 'label'");
        if (AuditRegisters.Parse(raw) is not { } gold || gold == AuditRegister.Error)
        {
            throw new ConfigException(file, line, 1, $"unknown label '{raw}'; expected refusal, deflection, propaganda, partial or answer");
        }

        return new LabelledText(Str(row, "id") ?? line.ToString(CultureInfo.InvariantCulture), ThinkSplitter.Split(text).Answer, gold)
        {
            Prompt = Str(row, "prompt"), Language = Str(row, "language"), Group = (Str(row, "persona") ?? Str(row, "group")) is { } g ? $"{Path.GetFileName(file)}/{g}" : null, Set = Str(row, "set"),
        };
    }

    private static AuditRegister? FromSpeechMap(string label) => label switch
    {
        "COMPLETE" => AuditRegister.Answer,
        "EVASIVE" => AuditRegister.Deflection,
        "DENIAL" => AuditRegister.Refusal,
        _ => null,
    };

    private static string? Str(JsonElement row, string name) =>
        row.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static void Count(IDictionary<string, int> skipped, string reason) => skipped[reason] = (skipped.TryGetValue(reason, out var n) ? n : 0) + 1;
}
