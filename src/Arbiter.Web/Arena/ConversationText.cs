using System.Text.Json;
using Arbiter.Core.Arena;
using Arbiter.Core.Suites;

namespace Arbiter.Web.Arena;

/// <summary>
/// How the arena writes a conversation: a JSON array of <c>{"role","content"}</c> turns, the shape FastChat and the
/// OpenAI API use, so an export's <c>conversation_a</c> reads in other arena tools as it is.
/// </summary>
internal static class ConversationText
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(IEnumerable<ChatTurn> turns) => JsonSerializer.Serialize(turns, Json);

    /// <summary>The text, or its <see cref="ConversationHash"/> when the operator keeps no text.</summary>
    public static string Stored(IEnumerable<ChatTurn> turns, bool keepText) => keepText ? Serialize(turns) : ConversationHash.Of(Serialize(turns));

    /// <summary>The turns, or none when the text is not a conversation (a hash, or edited by hand).</summary>
    public static List<ChatTurn> Parse(string? json)
    {
        if (ConversationHash.IsHash(json)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<ChatTurn>>(json!, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
