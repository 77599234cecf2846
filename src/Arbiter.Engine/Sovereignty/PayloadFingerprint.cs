using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.Sovereignty;

/// <summary>
/// SHA-256 and size of a request's canonical payload: compact UTF-8 JSON
/// <c>{"model":…,"messages":[{"role":…,"content":…}…],"parameters":{…}}</c>; a tool turn adds OpenAI's
/// <c>"tool_calls":[{"id","type":"function","function":{"name","arguments"}}]</c> or <c>"tool_call_id"</c>. It is computed from what
/// Arbiter sends, not from each connector's wire bytes, so an auditor holding the suite can
/// recompute it for any item and check whether that item was sent.
/// </summary>
public static class PayloadFingerprint
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Hash (lower-case hex) and byte size of the payload.</summary>
    public static (string Sha256, long Bytes) Compute(string model, IReadOnlyList<ChatTurn> messages, GenerationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(parameters);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteStartArray("messages");
            foreach (var m in messages)
            {
                w.WriteStartObject();
                w.WriteString("role", m.Role);
                w.WriteString("content", m.Content);
                WriteTool(w, m);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("parameters");
            if (parameters.Temperature is { } t) w.WriteNumber("temperature", t);
            if (parameters.TopP is { } p) w.WriteNumber("top_p", p);
            if (parameters.MaxTokens is { } mt) w.WriteNumber("max_tokens", mt);
            if (parameters.Seed is { } s) w.WriteNumber("seed", s);
            if (parameters.Stop is { Count: > 0 } stop)
            {
                w.WriteStartArray("stop");
                foreach (var x in stop) w.WriteStringValue(x);
                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return (Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan)), buffer.WrittenCount);
    }

    private static void WriteTool(Utf8JsonWriter w, ChatTurn m)
    {
        if (m.ToolCallId is { } id) w.WriteString("tool_call_id", id);
        if (m.ToolCalls is not { Count: > 0 } calls) return;
        w.WriteStartArray("tool_calls");
        foreach (var c in calls)
        {
            w.WriteStartObject();
            w.WriteString("id", c.Id);
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", c.Name);
            w.WriteString("arguments", c.Arguments);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
