using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Arbiter.Engine.Arena;

/// <summary>
/// The machine-readable and Markdown forms of an arena leaderboard. One writer for
/// <c>arbiter arena leaderboard --format json|md</c> and the web's <c>/api/leaderboard</c>, so the two
/// can never drift apart.
/// </summary>
public static class ArenaLeaderboardWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// An array of rows sorted by rating (<c>model, rating, lower, upper, rank_ub, battles, wins, losses,
    /// ties, preliminary</c>); with style control each row also carries <c>style_rating, style_lower,
    /// style_upper, style_rank_ub</c>.
    /// </summary>
    public static string Json(ArenaLeaderboardResult board)
    {
        ArgumentNullException.ThrowIfNull(board);
        var styled = board.StyleControlled?.ToDictionary(r => r.Model, StringComparer.Ordinal);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartArray();
            foreach (var r in board.Rows)
            {
                w.WriteStartObject();
                w.WriteString("model", r.Model);
                w.WriteNumber("rating", r.Rating);
                w.WriteNumber("lower", r.Lower);
                w.WriteNumber("upper", r.Upper);
                w.WriteNumber("rank_ub", r.RankUb);
                w.WriteNumber("battles", r.Battles);
                w.WriteNumber("wins", r.Wins);
                w.WriteNumber("losses", r.Losses);
                w.WriteNumber("ties", r.Ties);
                w.WriteBoolean("preliminary", r.Preliminary);
                if (styled is not null && styled.TryGetValue(r.Model, out var s))
                {
                    w.WriteNumber("style_rating", s.Rating);
                    w.WriteNumber("style_lower", s.Lower);
                    w.WriteNumber("style_upper", s.Upper);
                    w.WriteNumber("style_rank_ub", s.RankUb);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A Markdown table of <paramref name="rows"/> under a level-3 heading.</summary>
    public static string Markdown(IReadOnlyList<ArenaRow> rows, string title)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append("### ").Append(title).Append("\n\n| Rank (UB) | Model | Rating | 95% CI | Battles | W / L / T |\n|---:|---|---:|---:|---:|---:|\n");
        foreach (var r in rows)
        {
            var model = r.Model.Replace("|", "\\|", StringComparison.Ordinal) + (r.Preliminary ? " (preliminary)" : "");
            sb.Append(CultureInfo.InvariantCulture, $"| {r.RankUb} | {model} | {r.Rating.ToString("F2", CultureInfo.InvariantCulture)} | {Interval(r)} | {r.Battles} | {r.Wins} / {r.Losses} / {r.Ties} |\n");
        }

        return sb.Append('\n').ToString();
    }

    /// <summary>
    /// The bounds as offsets from the rating, each with its own sign: a bound on the "wrong" side of the
    /// point (a bootstrap of few battles can put it there) prints "-3.10/-15.61", not "+-3.10/-15.61".
    /// </summary>
    public static string Interval(ArenaRow row, string format = "0.00")
    {
        ArgumentNullException.ThrowIfNull(row);
        return $"{Signed(row.Upper - row.Rating, format)}/{Signed(row.Lower - row.Rating, format)}";
    }

    private static string Signed(double offset, string format) =>
        offset.ToString($"+{format};-{format};+{format}", CultureInfo.InvariantCulture);
}
