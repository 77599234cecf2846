using System.Data.Common;
using System.Text;
using Arbiter.Core.Arena;

namespace Arbiter.Storage.Rows;

/// <summary>
/// Battle columns, the filter's WHERE clause and row mapping, shared by both dialects. Parameters
/// are named <c>@name</c>, which Microsoft.Data.Sqlite and Npgsql both accept.
/// </summary>
internal static class StoredBattles
{
    public const string Columns =
        "battle_id, model_a, model_b, winner, judge, question_id, language, category, turn, anonymous, flagged, " +
        "timestamp_ms, conversation_a, conversation_b, a_tokens, a_headers, a_list_items, a_bold, " +
        "b_tokens, b_headers, b_list_items, b_bold, signals, voided_at_ms, void_reason";

    public const int ColumnCount = 25;

    public const string OrderBy = " ORDER BY timestamp_ms, battle_id";

    /// <summary>
    /// The WHERE clause (empty when nothing filters) and its parameters. <paramref name="trueLiteral"/>
    /// is how the dialect spells a true flag column (<c>1</c> in SQLite, <c>TRUE</c> in PostgreSQL).
    /// </summary>
    public static (string Sql, List<(string Name, object Value)> Parameters) Where(BattleFilter? filter, string trueLiteral)
    {
        var parameters = new List<(string Name, object Value)>();
        if (filter is null)
        {
            return ("", parameters);
        }

        var clauses = new List<string>();
        if (filter.Language is { } language)
        {
            clauses.Add("lower(language) = lower(@language)");
            parameters.Add(("@language", language));
        }

        if (filter.Category is { } category)
        {
            clauses.Add("lower(category) = lower(@category)");
            parameters.Add(("@category", category));
        }

        if (filter.AnonymousOnly)
        {
            clauses.Add($"anonymous = {trueLiteral} AND flagged <> {trueLiteral}");
        }

        if (filter.ExcludeFlagged)
        {
            clauses.Add($"flagged <> {trueLiteral}");
        }

        if (filter.ExcludeVoided)
        {
            clauses.Add("voided_at_ms IS NULL");
        }

        if (filter.ExcludeTies)
        {
            clauses.Add($"winner NOT IN ('{BattleWinner.Tie}', '{BattleWinner.TieBothBad}')");
        }

        if (filter.Judge is { } judge)
        {
            clauses.Add("judge = @judge");
            parameters.Add(("@judge", judge));
        }

        return (clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses), parameters);
    }

    /// <summary>The values of one battle in <see cref="Columns"/> order (nulls as <see cref="DBNull"/>).</summary>
    public static object[] Values(ArenaBattle b, Func<string?, string?> clean)
    {
        return
        [
            clean(b.BattleId)!, clean(b.ModelA)!, clean(b.ModelB)!, clean(b.Winner)!, Db(clean(b.Judge)), Db(clean(b.QuestionId)),
            Db(clean(b.Language)), Db(clean(b.Category)), b.Turn, b.Anonymous, b.Flagged, b.TimestampMs,
            Db(clean(b.ConversationA)), Db(clean(b.ConversationB)),
            Db(b.StyleA?.Tokens), Db(b.StyleA?.Headers), Db(b.StyleA?.ListItems), Db(b.StyleA?.BoldSpans),
            Db(b.StyleB?.Tokens), Db(b.StyleB?.Headers), Db(b.StyleB?.ListItems), Db(b.StyleB?.BoldSpans),
            Db(clean(b.Signals)), Db(b.VoidedAtMs), Db(clean(b.VoidReason)),
        ];
    }

    /// <summary>Placeholders <c>@p0, @p1, …</c> for one row.</summary>
    public static string Placeholders(string prefix)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < ColumnCount; i++)
        {
            sb.Append(i == 0 ? "" : ", ").Append('@').Append(prefix).Append(i);
        }

        return sb.ToString();
    }

    public static ArenaBattle Read(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3))
    {
        Judge = Text(r, 4),
        QuestionId = Text(r, 5),
        Language = Text(r, 6),
        Category = Text(r, 7),
        Turn = r.GetInt32(8),
        Anonymous = r.GetBoolean(9),
        Flagged = r.GetBoolean(10),
        TimestampMs = r.GetInt64(11),
        ConversationA = Text(r, 12),
        ConversationB = Text(r, 13),
        StyleA = Style(r, 14),
        StyleB = Style(r, 18),
        Signals = Text(r, 22),
        VoidedAtMs = r.IsDBNull(23) ? null : r.GetInt64(23),
        VoidReason = Text(r, 24),
    };

    private static AnswerStyle? Style(DbDataReader r, int at) => r.IsDBNull(at)
        ? null
        : new AnswerStyle(r.GetInt32(at), r.GetInt32(at + 1), r.GetInt32(at + 2), r.GetInt32(at + 3));

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static object Db(object? value) => value ?? DBNull.Value;
}
