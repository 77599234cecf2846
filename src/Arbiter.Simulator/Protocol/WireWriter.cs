using System.Text.Json;

namespace Arbiter.Simulator;

/// <summary>Writes OpenAI wire-format JSON straight into a buffer writer (no intermediate objects).</summary>
internal static class WireWriter
{
    public const string Fingerprint = "fp_arbiter_sim";

    public static void Completion(Utf8JsonWriter w, string id, long created, string model, SimReply reply, int promptTokens)
    {
        w.WriteStartObject();
        Header(w, id, "chat.completion", created, model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteString("content", reply.Content);
        w.WriteNull("refusal");
        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", reply.FinishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        Usage(w, promptTokens, reply.CompletionTokens);
        w.WriteEndObject();
    }

    /// <summary>One <c>chat.completion.chunk</c>; <paramref name="role"/> only on the first, <paramref name="finish"/> only on the last.</summary>
    public static void Chunk(Utf8JsonWriter w, string id, long created, string model, string? role, string? content, string? finish, bool usageNull)
    {
        w.WriteStartObject();
        Header(w, id, "chat.completion.chunk", created, model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        if (role is not null)
        {
            w.WriteString("role", role);
        }

        if (content is not null)
        {
            w.WriteString("content", content);
        }

        w.WriteEndObject();
        w.WriteNull("logprobs");
        if (finish is null)
        {
            w.WriteNull("finish_reason");
        }
        else
        {
            w.WriteString("finish_reason", finish);
        }

        w.WriteEndObject();
        w.WriteEndArray();
        if (usageNull)
        {
            w.WriteNull("usage");
        }

        w.WriteEndObject();
    }

    /// <summary>The trailing usage chunk of <c>stream_options.include_usage</c>: empty choices plus usage.</summary>
    public static void UsageChunk(Utf8JsonWriter w, string id, long created, string model, int promptTokens, int completionTokens)
    {
        w.WriteStartObject();
        Header(w, id, "chat.completion.chunk", created, model);
        w.WriteStartArray("choices");
        w.WriteEndArray();
        Usage(w, promptTokens, completionTokens);
        w.WriteEndObject();
    }

    public static void Error(Utf8JsonWriter w, string message, string type, string? code, string? param = null)
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteString("type", type);
        WriteNullable(w, "param", param);
        WriteNullable(w, "code", code);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Model(Utf8JsonWriter w, SimModelProfile profile)
    {
        w.WriteStartObject();
        w.WriteString("id", profile.Name);
        w.WriteString("object", "model");
        w.WriteNumber("created", 1_735_689_600); // 2025-01-01: a fixed date keeps the listing deterministic.
        w.WriteString("owned_by", "arbiter-simulation");
        w.WriteString("display_name", profile.DisplayLabel);
        w.WriteEndObject();
    }

    public static void Models(Utf8JsonWriter w, IEnumerable<SimModelProfile> profiles)
    {
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        foreach (var profile in profiles)
        {
            Model(w, profile);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Header(Utf8JsonWriter w, string id, string kind, long created, string model)
    {
        w.WriteString("id", id);
        w.WriteString("object", kind);
        w.WriteNumber("created", created);
        w.WriteString("model", model);
        w.WriteString("system_fingerprint", Fingerprint);
    }

    private static void Usage(Utf8JsonWriter w, int promptTokens, int completionTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", promptTokens);
        w.WriteNumber("completion_tokens", completionTokens);
        w.WriteNumber("total_tokens", promptTokens + completionTokens);
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
