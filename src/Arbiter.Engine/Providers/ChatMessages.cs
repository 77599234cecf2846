using System.Text.Json;
using Microsoft.Extensions.AI;
using CoreTurn = Arbiter.Core.Suites.ChatTurn;

namespace Arbiter.Engine.Providers;

/// <summary>
/// Arbiter's turns as Microsoft.Extensions.AI messages. Tool calls become <see cref="FunctionCallContent"/> on the
/// assistant message and a tool result a <see cref="FunctionResultContent"/> in a <see cref="ChatRole.Tool"/> message:
/// the M.E.AI OpenAI adapter (dotnet/extensions, OpenAIChatClient.ToOpenAIChatMessages) sends these as the assistant's
/// <c>tool_calls</c> and as <c>{"role":"tool","tool_call_id":…,"content":…}</c>, the shape of OpenAI's Chat Completions API.
/// </summary>
public static class ChatMessages
{
    /// <summary>Maps the turns in order.</summary>
    public static List<ChatMessage> From(IReadOnlyList<CoreTurn> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var messages = new List<ChatMessage>(turns.Count);
        foreach (var t in turns)
        {
            if (t.ToolCallId is { } callId)
            {
                // A string result is sent as given (the adapter serialises only non-string results).
                messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, t.Content)]));
            }
            else if (t.ToolCalls is { Count: > 0 } calls)
            {
                var contents = new List<AIContent>(calls.Count + 1);
                if (t.Content.Length > 0) contents.Add(new TextContent(t.Content));
                foreach (var call in calls) contents.Add(new FunctionCallContent(call.Id, call.Name, Arguments(call.Arguments)));
                messages.Add(new ChatMessage(ChatRole.Assistant, contents));
            }
            else
            {
                messages.Add(new ChatMessage(new ChatRole(t.Role), t.Content));
            }
        }

        return messages;
    }

    /// <summary>True when any message carries a tool call or result (for connectors that cannot send them).</summary>
    public static bool HasToolContent(IEnumerable<ChatMessage> messages) =>
        messages.Any(m => m.Role == ChatRole.Tool || m.Contents.Any(c => c is FunctionCallContent or FunctionResultContent));

    /// <summary>The parser keeps arguments as JSON object text; M.E.AI carries them as a dictionary of JSON values.</summary>
    private static Dictionary<string, object?> Arguments(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
    }
}
