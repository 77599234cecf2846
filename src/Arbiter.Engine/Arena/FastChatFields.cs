using System.Text.Json;
using Arbiter.Core.Arena;

namespace Arbiter.Engine.Arena;

/// <summary>
/// FastChat clean-battle fields beyond the four required ones: <c>judge</c>, <c>turn</c>, <c>anony</c>,
/// <c>language</c>, <c>tstamp</c> (seconds), <c>conv_metadata</c> (style counts) and the conversations;
/// plus Arbiter's own <c>battle_id</c>, <c>category</c>, <c>flagged</c>, the vote-integrity <c>signals</c> and an
/// operator's void (<c>voided_tstamp</c> in seconds, <c>void_reason</c>), so a re-import keeps them.
/// </summary>
internal static class FastChatFields
{
    public static ArenaBattle Read(JsonElement obj, string id, string a, string b, string winner, string? question)
    {
        string? conversationA = Conversation(obj, "conversation_a");
        string? conversationB = Conversation(obj, "conversation_b");
        return new ArenaBattle(id, a, b, winner)
        {
            Judge = BattleImporter.Raw(obj, "judge"),
            QuestionId = question,
            Language = BattleImporter.Raw(obj, "language"),
            Category = BattleImporter.Raw(obj, "category"),
            Turn = obj.TryGetProperty("turn", out var t) && t.TryGetInt32(out int turn) && turn > 0 ? turn : 1,
            Anonymous = Flag(obj, "anony") || Flag(obj, "anonymous"),
            Flagged = Flag(obj, "flagged"),
            TimestampMs = Timestamp(obj),
            ConversationA = conversationA,
            ConversationB = conversationB,
            StyleA = Style(obj, "a") ?? StyleOf(obj, "conversation_a"),
            StyleB = Style(obj, "b") ?? StyleOf(obj, "conversation_b"),
            Signals = BattleImporter.Raw(obj, "signals"),
            VoidedAtMs = Seconds(obj, "voided_tstamp"),
            VoidReason = BattleImporter.Raw(obj, "void_reason"),
        };
    }

    /// <summary>Writes the optional fields of <paramref name="battle"/> (the caller writes the required ones).</summary>
    public static void Write(Utf8JsonWriter w, ArenaBattle battle)
    {
        w.WriteString("battle_id", battle.BattleId);
        if (battle.Judge is { } judge) w.WriteString("judge", judge);
        w.WriteNumber("turn", battle.Turn);
        w.WriteBoolean("anony", battle.Anonymous);
        if (battle.Flagged) w.WriteBoolean("flagged", true);
        if (battle.Signals is { } signals) w.WriteString("signals", signals);
        if (battle.VoidedAtMs is { } voided)
        {
            w.WriteNumber("voided_tstamp", voided / 1000.0);
            if (battle.VoidReason is { } reason) w.WriteString("void_reason", reason);
        }

        if (battle.Language is { } language) w.WriteString("language", language);
        if (battle.Category is { } category) w.WriteString("category", category);
        w.WriteNumber("tstamp", battle.TimestampMs / 1000.0);
        if (battle.StyleA is { } sa && battle.StyleB is { } sb)
        {
            w.WriteStartObject("conv_metadata");
            WriteStyle(w, "a", sa);
            WriteStyle(w, "b", sb);
            w.WriteEndObject();
        }

        WriteConversation(w, "conversation_a", battle.ConversationA);
        WriteConversation(w, "conversation_b", battle.ConversationB);
    }

    private static void WriteStyle(Utf8JsonWriter w, string side, AnswerStyle s)
    {
        w.WriteNumber($"sum_assistant_{side}_tokens", s.Tokens);
        w.WriteStartObject($"header_count_{side}");
        w.WriteNumber("h1", s.Headers);
        w.WriteEndObject();
        w.WriteStartObject($"list_count_{side}");
        w.WriteNumber("unordered", s.ListItems);
        w.WriteEndObject();
        w.WriteStartObject($"bold_count_{side}");
        w.WriteNumber("**", s.BoldSpans);
        w.WriteEndObject();
    }

    private static void WriteConversation(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) return;
        if (value.TrimStart().StartsWith('['))
        {
            w.WritePropertyName(name);
            w.WriteRawValue(value);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static bool Flag(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && (v.ValueKind == JsonValueKind.True || (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n != 0));

    private static long Timestamp(JsonElement obj)
    {
        if (obj.TryGetProperty("timestamp_ms", out var ms) && ms.TryGetInt64(out long millis)) return millis;
        return Seconds(obj, "tstamp") ?? 0;
    }

    private static long? Seconds(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetDouble(out double seconds) && double.IsFinite(seconds)
            ? (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero)
            : null;

    private static string? Conversation(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.Array => v.GetRawText(),
            JsonValueKind.String => v.GetString(),
            _ => null,
        } : null;

    /// <summary>Style from <c>conv_metadata</c>, where FastChat keeps counts as sums over sub-keys (h1…h6, ordered/unordered, **/__).</summary>
    private static AnswerStyle? Style(JsonElement obj, string side)
    {
        if (!obj.TryGetProperty("conv_metadata", out var meta) || meta.ValueKind != JsonValueKind.Object
            || !meta.TryGetProperty($"sum_assistant_{side}_tokens", out var tokens) || !tokens.TryGetInt32(out int t))
        {
            return null;
        }

        return new AnswerStyle(t, Sum(meta, $"header_count_{side}"), Sum(meta, $"list_count_{side}"), Sum(meta, $"bold_count_{side}"));
    }

    private static int Sum(JsonElement meta, string name)
    {
        if (!meta.TryGetProperty(name, out var v)) return 0;
        if (v.ValueKind == JsonValueKind.Number) return v.TryGetInt32(out int n) ? n : 0;
        if (v.ValueKind != JsonValueKind.Object) return 0;
        int sum = 0;
        foreach (var p in v.EnumerateObject())
        {
            if (p.Value.TryGetInt32(out int n)) sum += n;
        }

        return sum;
    }

    /// <summary>Style computed from the assistant turns of a conversation array, when no metadata came with it.</summary>
    private static AnswerStyle? StyleOf(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var conv) || conv.ValueKind != JsonValueKind.Array) return null;
        var text = new System.Text.StringBuilder();
        foreach (var turn in conv.EnumerateArray())
        {
            if (turn.ValueKind == JsonValueKind.Object && BattleImporter.Raw(turn, "role") == "assistant" && BattleImporter.Raw(turn, "content") is { } content)
            {
                text.Append(content).Append("\n\n");
            }
        }

        return text.Length == 0 ? null : StyleCounter.Count(text.ToString());
    }
}
