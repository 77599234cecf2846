using System.Text.Json;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Suites;

/// <summary>
/// Reads an item's <c>input</c>: a string (one user turn) or a list of messages in OpenAI's Chat Completions shape
/// (openai/openai-openapi, <c>ChatCompletionRequestMessage</c>): <c>{role, content}</c> for system, user and assistant;
/// an assistant message may carry <c>tool_calls: [{id, type: "function", function: {name, arguments}}]</c> (content
/// then optional), and a <c>{role: "tool", tool_call_id, content}</c> message answers one of them. As the API requires,
/// every tool call is answered by a tool message before the next user or assistant turn, and a tool message answers a
/// call made just before it. The conversation ends with a user turn or with tool results (the model answers next).
/// Each problem names the field, e.g. <c>input[2].tool_call_id</c>.
/// </summary>
internal static class ConversationTurns
{
    public static List<ChatTurn> Parse(JsonElement el, Func<string, ConfigException> fail)
    {
        const string Shape = "'input' must be a non-empty string or a list of {role, content} messages";
        if (el.ValueKind == JsonValueKind.String)
        {
            var text = el.GetString()!;
            return text.Trim().Length == 0 ? throw fail(Shape) : [new ChatTurn("user", text)];
        }

        if (el.ValueKind != JsonValueKind.Array || el.GetArrayLength() == 0) throw fail(Shape);
        var turns = new List<ChatTurn>();
        // Calls of the latest assistant turn not yet answered by a tool turn.
        var open = new List<string>();
        var index = 0;
        foreach (var m in el.EnumerateArray())
        {
            var at = $"input[{index++}]";
            if (m.ValueKind != JsonValueKind.Object) throw fail($"{at} must be an object {{role, content}}");
            var role = m.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : throw fail($"{at}.role is missing or not a string");
            if (role is not ("system" or "user" or "assistant" or "tool")) throw fail($"{at}.role must be system, user, assistant or tool, got '{role}'");
            if (role != "tool" && open.Count > 0) throw fail($"{at}: tool call(s) {string.Join(", ", open)} have no 'tool' message answering them before this {role} turn");
            var turn = role switch
            {
                "assistant" => Assistant(m, at, open, fail),
                "tool" => Tool(m, at, open, fail),
                _ => new ChatTurn(role, Text(m, at, fail) ?? throw fail($"{at}.content is missing")),
            };
            turns.Add(turn);
        }

        if (open.Count > 0) throw fail($"input: tool call(s) {string.Join(", ", open)} have no 'tool' message answering them");
        if (turns[^1].Role is not ("user" or "tool")) throw fail("input: the last message must be a user turn or a tool result (the model answers next)");
        if (!turns.Any(t => t.Role == "user")) throw fail("input: the conversation has no user turn");
        return turns;
    }

    private static ChatTurn Assistant(JsonElement m, string at, List<string> open, Func<string, ConfigException> fail)
    {
        if (!m.TryGetProperty("tool_calls", out var callsEl) || callsEl.ValueKind == JsonValueKind.Null)
        {
            return new ChatTurn("assistant", Text(m, at, fail) ?? throw fail($"{at}.content is missing"));
        }

        if (callsEl.ValueKind != JsonValueKind.Array || callsEl.GetArrayLength() == 0) throw fail($"{at}.tool_calls must be a non-empty list");
        var calls = new List<ToolCall>();
        var i = 0;
        foreach (var c in callsEl.EnumerateArray())
        {
            var cat = $"{at}.tool_calls[{i++}]";
            if (c.ValueKind != JsonValueKind.Object) throw fail($"{cat} must be an object {{id, type, function}}");
            var id = NonEmpty(c, "id", cat, fail);
            if (c.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "function"))
            {
                throw fail($"{cat}.type must be \"function\"");
            }

            if (!c.TryGetProperty("function", out var fn) || fn.ValueKind != JsonValueKind.Object) throw fail($"{cat}.function is missing or not an object {{name, arguments}}");
            var name = NonEmpty(fn, "name", $"{cat}.function", fail);
            if (calls.Any(x => x.Id == id) || open.Contains(id)) throw fail($"{cat}.id '{id}' is used twice");
            calls.Add(new ToolCall(id, name, Arguments(fn, $"{cat}.function.arguments", fail)));
        }

        open.AddRange(calls.Select(c => c.Id));
        return new ChatTurn("assistant", Text(m, at, fail) ?? "") { ToolCalls = calls };
    }

    private static ChatTurn Tool(JsonElement m, string at, List<string> open, Func<string, ConfigException> fail)
    {
        var id = NonEmpty(m, "tool_call_id", at, fail);
        if (!open.Remove(id)) throw fail($"{at}.tool_call_id '{id}' answers no tool call of the assistant turn before it");
        return new ChatTurn("tool", Text(m, at, fail) ?? throw fail($"{at}.content is missing")) { ToolCallId = id };
    }

    /// <summary>
    /// The API sends <c>arguments</c> as a string holding a JSON object; an object written directly is accepted too.
    /// Either way it is kept as compact JSON object text.
    /// </summary>
    private static string Arguments(JsonElement fn, string at, Func<string, ConfigException> fail)
    {
        if (!fn.TryGetProperty("arguments", out var args)) throw fail($"{at} is missing");
        if (args.ValueKind == JsonValueKind.Object) return JsonSerializer.Serialize(args);
        if (args.ValueKind != JsonValueKind.String) throw fail($"{at} must be a string holding a JSON object");
        try
        {
            using var doc = JsonDocument.Parse(args.GetString()!);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? JsonSerializer.Serialize(doc.RootElement) : throw fail($"{at} must hold a JSON object");
        }
        catch (JsonException)
        {
            throw fail($"{at} is not valid JSON");
        }
    }

    private static string? Text(JsonElement m, string at, Func<string, ConfigException> fail) =>
        !m.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null ? null
        : content.ValueKind == JsonValueKind.String ? content.GetString()
        : throw fail($"{at}.content must be a string");

    private static string NonEmpty(JsonElement obj, string field, string at, Func<string, ConfigException> fail) =>
        obj.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { } s && s.Trim().Length > 0
            ? s
            : throw fail($"{at}.{field} is missing or not a non-empty string");
}
