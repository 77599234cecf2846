using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Arbiter.Core.Arena;

namespace Arbiter.Engine.Arena;

/// <summary>
/// The fast path of <see cref="BattleTableReader"/>: one forward pass of <see cref="Utf8JsonReader"/> over a
/// row, taking only the fields a leaderboard and its filter use; model names are looked up from the UTF-8
/// bytes without allocating. It accepts only rows that are plainly valid. Anything else — a problem to
/// report, a duplicated field, a value of another type, style to be counted from the conversation — is
/// answered <see cref="Result.Slow"/> so that the importer's own code reads that row.
/// </summary>
internal sealed class BattleRowScanner(BattleTable table, BattleFilter filter, BattleFormat format, bool keepStyle)
{
    private const int StackChars = 256;
    private readonly bool _needsLanguage = filter.Language is not null;
    private readonly bool _needsCategory = filter.Category is not null;
    private readonly bool _needsJudge = filter.Judge is not null;
    private readonly int[] _style = new int[8];

    public enum Result { Added, Filtered, Slow }

    [Flags]
    private enum Seen
    {
        None = 0, ModelA = 1, ModelB = 2, Winner = 4, Question = 8, Language = 16, Category = 32, Judge = 64,
        Anony = 128, Anonymous = 256, Flagged = 512, Meta = 1024,
    }

    public Result TryAdd(ReadOnlySpan<byte> json)
    {
        try
        {
            return Scan(json);
        }
        catch (JsonException)
        {
            return Result.Slow;
        }
        catch (InvalidOperationException)
        {
            return Result.Slow;
        }
    }

    private Result Scan(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Result.Slow;
        var seen = Seen.None;
        int a = -1, b = -1;
        sbyte outcome = BattleTable.UnknownOutcome;
        string? language = null, category = null, judge = null;
        bool anonymous = false, flagged = false, styleA = false, styleB = false, hasQuestion = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader);
            reader.Read();
            if (field != Seen.None)
            {
                if ((seen & field) != 0) return Result.Slow; // Which duplicate counts is the importer's rule.
                seen |= field;
            }

            switch (field)
            {
                case Seen.ModelA:
                    if ((a = Model(ref reader)) < 0) return Result.Slow;
                    break;
                case Seen.ModelB:
                    if ((b = Model(ref reader)) < 0) return Result.Slow;
                    break;
                case Seen.Winner:
                    if (reader.TokenType != JsonTokenType.String) return Result.Slow;
                    outcome = reader.ValueTextEquals("model_a"u8) ? (sbyte)Statistics.Arena.BattleOutcome.AWins
                        : reader.ValueTextEquals("model_b"u8) ? (sbyte)Statistics.Arena.BattleOutcome.BWins
                        : reader.ValueTextEquals("tie"u8) ? (sbyte)Statistics.Arena.BattleOutcome.Tie
                        : reader.ValueTextEquals("tie (bothbad)"u8) ? (sbyte)Statistics.Arena.BattleOutcome.TieBothBad
                        : BattleTable.UnknownOutcome;
                    if (outcome == BattleTable.UnknownOutcome) return Result.Slow;
                    break;
                case Seen.Question:
                    hasQuestion = reader.TokenType is JsonTokenType.String or JsonTokenType.Number;
                    break;
                case Seen.Language:
                    if (_needsLanguage) language = Raw(ref reader);
                    break;
                case Seen.Category:
                    if (_needsCategory) category = Raw(ref reader);
                    break;
                case Seen.Judge:
                    if (_needsJudge) judge = Raw(ref reader);
                    break;
                case Seen.Anony or Seen.Anonymous:
                    anonymous |= Flag(ref reader);
                    break;
                case Seen.Flagged:
                    flagged = Flag(ref reader);
                    break;
                case Seen.Meta when keepStyle:
                    if (reader.TokenType != JsonTokenType.StartObject) return Result.Slow;
                    if (!Metadata(ref reader, out styleA, out styleB)) return Result.Slow;
                    break;
            }

            // Past the value whatever it was (a no-op after a scalar or a fully read object).
            reader.Skip();
        }

        // Only whitespace may follow the object, as in a whole-document parse.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return Result.Slow;
        if (a < 0 || b < 0 || outcome == BattleTable.UnknownOutcome || a == b) return Result.Slow;
        if (format == BattleFormat.ArenaHard && !hasQuestion) return Result.Slow;
        // Style counted from the conversation text is the importer's work.
        if (keepStyle && !(styleA && styleB)) return Result.Slow;
        if (!Passes(outcome, language, category, judge, anonymous, flagged)) return Result.Filtered;
        table.Add(a, b, outcome, keepStyle ? _style : default);
        return Result.Added;
    }

    private bool Passes(sbyte outcome, string? language, string? category, string? judge, bool anonymous, bool flagged) =>
        (filter.Language is null || string.Equals(language, filter.Language, StringComparison.OrdinalIgnoreCase))
        && (filter.Category is null || string.Equals(category, filter.Category, StringComparison.OrdinalIgnoreCase))
        && (!filter.AnonymousOnly || (anonymous && !flagged))
        && (!filter.ExcludeTies || outcome is (sbyte)Statistics.Arena.BattleOutcome.AWins or (sbyte)Statistics.Arena.BattleOutcome.BWins)
        && (filter.Judge is null || string.Equals(judge, filter.Judge, StringComparison.Ordinal));

    private static Seen Field(ref Utf8JsonReader r)
    {
        if (r.ValueIsEscaped || r.HasValueSequence) return FieldEscaped(ref r);
        // Most names of a row are none of these: the length alone rules them out.
        var name = r.ValueSpan;
        return name.Length switch
        {
            5 => name.SequenceEqual("judge"u8) ? Seen.Judge : name.SequenceEqual("anony"u8) ? Seen.Anony : Seen.None,
            6 => name.SequenceEqual("winner"u8) ? Seen.Winner : Seen.None,
            7 => name.SequenceEqual("model_a"u8) ? Seen.ModelA : name.SequenceEqual("model_b"u8) ? Seen.ModelB
                : name.SequenceEqual("flagged"u8) ? Seen.Flagged : Seen.None,
            8 => name.SequenceEqual("language"u8) ? Seen.Language : name.SequenceEqual("category"u8) ? Seen.Category : Seen.None,
            9 => name.SequenceEqual("anonymous"u8) ? Seen.Anonymous : Seen.None,
            11 => name.SequenceEqual("question_id"u8) ? Seen.Question : Seen.None,
            13 => name.SequenceEqual("conv_metadata"u8) ? Seen.Meta : Seen.None,
            _ => Seen.None,
        };
    }

    private static Seen FieldEscaped(ref Utf8JsonReader r) =>
        r.ValueTextEquals("model_a"u8) ? Seen.ModelA
        : r.ValueTextEquals("model_b"u8) ? Seen.ModelB
        : r.ValueTextEquals("winner"u8) ? Seen.Winner
        : r.ValueTextEquals("question_id"u8) ? Seen.Question
        : r.ValueTextEquals("language"u8) ? Seen.Language
        : r.ValueTextEquals("category"u8) ? Seen.Category
        : r.ValueTextEquals("judge"u8) ? Seen.Judge
        : r.ValueTextEquals("anony"u8) ? Seen.Anony
        : r.ValueTextEquals("anonymous"u8) ? Seen.Anonymous
        : r.ValueTextEquals("flagged"u8) ? Seen.Flagged
        : r.ValueTextEquals("conv_metadata"u8) ? Seen.Meta
        : Seen.None;

    /// <summary>The table index of a non-empty model name, or −1.</summary>
    private int Model(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.String || r.ValueSpan.IsEmpty) return -1;
        if (r.ValueIsEscaped) return r.GetString() is { Length: > 0 } s ? table.Intern(s) : -1;
        var bytes = r.ValueSpan;
        if (bytes.Length > StackChars) return table.Intern(r.GetString()!);
        Span<char> chars = stackalloc char[StackChars];
        // Invalid UTF-8 goes to the importer, which decides what it means.
        return Utf8.ToUtf16(bytes, chars, out _, out int written, replaceInvalidSequences: false) == OperationStatus.Done
            ? table.Intern(chars[..written])
            : -1;
    }

    /// <summary>As <see cref="BattleImporter.Raw"/>: a string as is, a number as its JSON text, else null.</summary>
    private static string? Raw(ref Utf8JsonReader r)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.String:
                return r.GetString();
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(r.ValueSpan);
            default:
                return null;
        }
    }

    private static bool Flag(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.True || (r.TokenType == JsonTokenType.Number && r.TryGetInt32(out int n) && n != 0);

    /// <summary>
    /// The style counts of <c>conv_metadata</c>, as <see cref="FastChatFields"/> sums them; false for a shape the
    /// importer reads differently (a count object holding a non-number, a repeated key).
    /// </summary>
    private bool Metadata(ref Utf8JsonReader r, out bool hasA, out bool hasB)
    {
        Array.Clear(_style);
        (hasA, hasB) = (false, false);
        int seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            int slot = MetaSlot(ref r);
            r.Read();
            if (slot < 0)
            {
                r.Skip();
                continue;
            }

            if ((seen & (1 << slot)) != 0) return false;
            seen |= 1 << slot;
            if (slot is 0 or 4)
            {
                if (r.TokenType != JsonTokenType.Number) return false;
                bool ok = r.TryGetInt32(out _style[slot]);
                if (slot == 0) hasA = ok;
                else hasB = ok;
            }
            else if (!Count(ref r, out _style[slot]))
            {
                return false;
            }

            r.Skip();
        }

        return true;
    }

    /// <summary>Slot in the 8-int style row: tokens, headers, lists, bold for side a (0–3) and b (4–7).</summary>
    private static int MetaSlot(ref Utf8JsonReader r) =>
        r.ValueTextEquals("sum_assistant_a_tokens"u8) ? 0
        : r.ValueTextEquals("header_count_a"u8) ? 1
        : r.ValueTextEquals("list_count_a"u8) ? 2
        : r.ValueTextEquals("bold_count_a"u8) ? 3
        : r.ValueTextEquals("sum_assistant_b_tokens"u8) ? 4
        : r.ValueTextEquals("header_count_b"u8) ? 5
        : r.ValueTextEquals("list_count_b"u8) ? 6
        : r.ValueTextEquals("bold_count_b"u8) ? 7
        : -1;

    private static bool Count(ref Utf8JsonReader r, out int sum)
    {
        sum = 0;
        if (r.TokenType == JsonTokenType.Number)
        {
            if (!r.TryGetInt32(out sum)) sum = 0;
            return true;
        }

        if (r.TokenType != JsonTokenType.StartObject)
        {
            return true; // The caller skips it.
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            r.Read();
            if (r.TokenType != JsonTokenType.Number) return false;
            if (r.TryGetInt32(out int n)) sum += n;
        }

        return true;
    }
}
