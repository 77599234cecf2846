using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Arbiter.Simulator;

/// <summary>The fields of an OpenAI chat-completions request the simulator acts on.</summary>
internal sealed record ChatRequest(
    string Model,
    IReadOnlyList<(string Role, string Content)> Messages,
    int? MaxTokens,
    long Seed,
    IReadOnlyList<string> Stop,
    bool Stream,
    bool IncludeUsage)
{
    /// <summary>The last user message (the prompt the simulation reacts to); the last message if none is from the user.</summary>
    public string LastUserText
    {
        get
        {
            for (int i = Messages.Count - 1; i >= 0; i--)
            {
                if (Messages[i].Role == "user")
                {
                    return Messages[i].Content;
                }
            }

            return Messages.Count > 0 ? Messages[^1].Content : "";
        }
    }

    public int PromptTokens()
    {
        int total = 0;
        foreach (var (_, content) in Messages)
        {
            total += TokenMath.Count(content);
        }

        return Math.Max(1, total);
    }

    /// <summary>Parses a request body; returns null and an error message on a malformed request.</summary>
    public static ChatRequest? TryParse(in ReadOnlySequence<byte> body, out string? error)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return FromJson(doc.RootElement, out error);
        }
        catch (JsonException ex)
        {
            error = "We could not parse the JSON body of your request. (" + ex.Message + ")";
            return null;
        }
    }

    private static ChatRequest? FromJson(JsonElement root, out string? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "The request body must be a JSON object.";
            return null;
        }

        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } modelName)
        {
            error = "you must provide a model parameter";
            return null;
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            error = "'messages' must be a non-empty array";
            return null;
        }

        var list = new List<(string, string)>(messages.GetArrayLength());
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                error = "each message must be an object with a string 'role'";
                return null;
            }

            list.Add((role.GetString()!, message.TryGetProperty("content", out var content) ? ContentText(content) : ""));
        }

        int? maxTokens = Int(root, "max_completion_tokens") ?? Int(root, "max_tokens");
        if (maxTokens is <= 0)
        {
            error = "max_tokens must be at least 1";
            return null;
        }

        long seed = root.TryGetProperty("seed", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out long v) ? v : 0;
        bool stream = root.TryGetProperty("stream", out var st) && st.ValueKind == JsonValueKind.True;
        bool includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        return new ChatRequest(modelName, list, maxTokens, seed, Stops(root), stream, includeUsage);
    }

    /// <summary>Content is a string, or an array of parts of which only <c>text</c> parts count.</summary>
    private static string ContentText(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Array:
                var sb = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        sb.Append(text.GetString());
                    }
                }

                return sb.ToString();
            default:
                return "";
        }
    }

    private static int? Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n : null;

    private static string[] Stops(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop))
        {
            return [];
        }

        return stop.ValueKind switch
        {
            JsonValueKind.String when stop.GetString() is { Length: > 0 } one => [one],
            JsonValueKind.Array => [.. stop.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String)
                .Select(e => e.GetString()!).Where(x => x.Length > 0)],
            _ => [],
        };
    }
}
