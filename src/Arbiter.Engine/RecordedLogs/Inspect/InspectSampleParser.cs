using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.RecordedLogs.Inspect;

/// <summary>
/// One inspect_ai <c>EvalSample</c> (src/inspect_ai/log/_log.py) to a <see cref="RecordedSample"/>: <c>id</c>,
/// one-based <c>epoch</c>, <c>input</c> (a string or chat messages), <c>choices</c>, <c>target</c> (a string or a
/// list), <c>output</c> (<c>completion</c>, else the first choice's message content), <c>scores</c> (or the
/// pre-0.3.x single <c>score</c>), <c>error</c>, <c>metadata</c>. Strings that read <c>attachment://HASH</c> are
/// replaced from the sample's <c>attachments</c>, as inspect itself does when it loads a log.
/// </summary>
internal sealed class InspectSampleParser(string file, string entry, JsonElement sample)
{
    private const string AttachmentPrefix = "attachment://";

    public RecordedSample Parse(string? primaryScorer)
    {
        if (sample.ValueKind != JsonValueKind.Object) throw Fail("a sample must be a JSON object");
        var id = Scalar(Required("id"), "id");
        var epoch = Required("epoch") is { ValueKind: JsonValueKind.Number } e && e.TryGetInt32(out var n) && n >= 1
            ? n - 1 : throw Fail("field 'epoch' must be a whole number from 1");
        var output = sample.TryGetProperty("output", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;
        var error = sample.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object
            ? (err.TryGetProperty("message", out var m) ? Text(m) : "error") : null;
        var (answer, thinking, finish) = ReadOutput(output);
        return new RecordedSample(id, epoch, ReadInput(Required("input")), ReadChoices(), ReadTargets(Required("target")),
            error is null ? answer ?? "" : null, ReadScore(primaryScorer))
        {
            Thinking = thinking,
            FinishReason = finish,
            Usage = ReadUsage(output),
            LatencyMs = Seconds(output, "time") ?? Seconds(sample, "total_time") ?? 0,
            Error = error,
            CompletedAtMs = sample.TryGetProperty("completed_at", out var c) && c.ValueKind == JsonValueKind.String ? InspectTime.ParseMs(c.GetString()) : null,
            Metadata = ReadMetadata(),
        };
    }

    /// <summary>inspect's <c>value_to_float</c> (src/inspect_ai/scorer/_metric.py): C=1, P=0.5, I/N=0, yes/true=1, no/false=0, numbers as such.</summary>
    internal static double? ValueToFloat(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.String => value.GetString() switch
        {
            "C" => 1,
            "P" => 0.5,
            "I" or "N" => 0,
            var s when s!.Equals("yes", StringComparison.OrdinalIgnoreCase) || s.Equals("true", StringComparison.OrdinalIgnoreCase) => 1,
            var s when s!.Equals("no", StringComparison.OrdinalIgnoreCase) || s.Equals("false", StringComparison.OrdinalIgnoreCase) => 0,
            var s when double.TryParse(s!, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
            _ => null,
        },
        // Dictionaries and lists: inspect warns and counts 0; we leave them unscored rather than invent a 0.
        _ => null,
    };

    private IReadOnlyList<ChatTurn> ReadInput(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String) return [new ChatTurn("user", Resolve(input.GetString()!))];
        if (input.ValueKind != JsonValueKind.Array) throw Fail("field 'input' must be a string or a list of chat messages");
        var turns = new List<ChatTurn>();
        var i = 0;
        foreach (var message in input.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                throw Fail($"input[{i}] must be a chat message with a 'role'");
            }

            turns.Add(new ChatTurn(role.GetString()!, message.TryGetProperty("content", out var content) ? ContentText(content).Text : ""));
            i++;
        }

        return turns;
    }

    private IReadOnlyList<string>? ReadChoices()
    {
        if (!sample.TryGetProperty("choices", out var choices) || choices.ValueKind == JsonValueKind.Null) return null;
        if (choices.ValueKind != JsonValueKind.Array) throw Fail("field 'choices' must be a list of strings");
        return [.. choices.EnumerateArray().Select((c, i) => c.ValueKind == JsonValueKind.String ? Resolve(c.GetString()!) : throw Fail($"choices[{i}] must be a string"))];
    }

    private IReadOnlyList<string> ReadTargets(JsonElement target) => target.ValueKind switch
    {
        JsonValueKind.String => [Resolve(target.GetString()!)],
        JsonValueKind.Array => [.. target.EnumerateArray().Select((t, i) => t.ValueKind == JsonValueKind.String ? Resolve(t.GetString()!) : throw Fail($"target[{i}] must be a string"))],
        _ => throw Fail("field 'target' must be a string or a list of strings"),
    };

    private (string? Answer, string? Thinking, string? Finish) ReadOutput(JsonElement output)
    {
        if (output.ValueKind != JsonValueKind.Object) return (null, null, null);
        string? finish = null, thinking = null, answer = null;
        if (output.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            var first = choices[0];
            if (first.TryGetProperty("stop_reason", out var stop) && stop.ValueKind == JsonValueKind.String) finish = stop.GetString();
            if (first.TryGetProperty("message", out var message) && message.TryGetProperty("content", out var content))
            {
                (answer, thinking) = ContentText(content);
            }
        }

        // `completion` is a computed field that newer logs write out; it wins when present.
        if (output.TryGetProperty("completion", out var completion) && completion.ValueKind == JsonValueKind.String) answer = Resolve(completion.GetString()!);
        return (answer, thinking, finish);
    }

    private (string Text, string? Thinking) ContentText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String) return (Resolve(content.GetString()!), null);
        if (content.ValueKind != JsonValueKind.Array) return ("", null);
        var text = new List<string>();
        var reasoning = new List<string>();
        foreach (var part in content.EnumerateArray())
        {
            var type = part.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "text" && part.TryGetProperty("text", out var s)) text.Add(Resolve(Text(s)));
            else if (type == "reasoning" && part.TryGetProperty("reasoning", out var r)) reasoning.Add(Resolve(Text(r)));
        }

        return (string.Join("\n", text), reasoning.Count == 0 ? null : string.Join("\n", reasoning));
    }

    private RecordedScore? ReadScore(string? primaryScorer)
    {
        JsonElement scores;
        if (sample.TryGetProperty("scores", out scores) && scores.ValueKind == JsonValueKind.Object) { }
        else if (sample.TryGetProperty("score", out var legacy) && legacy.ValueKind == JsonValueKind.Object)
        {
            return ToScore(primaryScorer ?? "score", legacy);
        }
        else
        {
            return null;
        }

        if (primaryScorer is not null && scores.TryGetProperty(primaryScorer, out var named)) return ToScore(primaryScorer, named);
        foreach (var p in scores.EnumerateObject()) return ToScore(p.Name, p.Value);
        return null;
    }

    private RecordedScore ToScore(string scorer, JsonElement score)
    {
        if (score.ValueKind != JsonValueKind.Object || !score.TryGetProperty("value", out var value)) throw Fail($"score '{scorer}' has no 'value'");
        return new RecordedScore(scorer, ValueToFloat(value), value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(),
            score.TryGetProperty("answer", out var a) && a.ValueKind == JsonValueKind.String ? Resolve(a.GetString()!) : null,
            score.TryGetProperty("explanation", out var x) && x.ValueKind == JsonValueKind.String ? Resolve(x.GetString()!) : null);
    }

    private static TokenUsage ReadUsage(JsonElement output) =>
        output.ValueKind == JsonValueKind.Object && output.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object
            ? new TokenUsage(Long(u, "input_tokens"), Long(u, "output_tokens"))
            : default;

    private Dictionary<string, string> ReadMetadata()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!sample.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object) return result;
        foreach (var p in metadata.EnumerateObject())
        {
            if (p.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array) continue;
            result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        }

        return result;
    }

    private string Resolve(string text)
    {
        if (!text.StartsWith(AttachmentPrefix, StringComparison.Ordinal)) return text;
        var key = text[AttachmentPrefix.Length..];
        return sample.TryGetProperty("attachments", out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw Fail($"'{text}' refers to an attachment the sample does not carry");
    }

    private JsonElement Required(string name) =>
        sample.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : throw Fail($"required field '{name}' is missing");

    private string Scalar(JsonElement v, string name) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Number => v.GetRawText(),
        _ => throw Fail($"field '{name}' must be a string or a number"),
    };

    private static string Text(JsonElement v) => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();

    private static double? Seconds(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() * 1000 : null;

    private static long Long(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : 0;

    private LogFormatException Fail(string reason) => new(file, entry, reason);
}
