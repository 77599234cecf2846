using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Frontier;

/// <summary>
/// The arena rating as one more frontier benchmark: each model's Bradley–Terry rating (from
/// <see cref="ArenaLeaderboard"/>) becomes its score on <see cref="Benchmark"/>, placed at the model's release date
/// like any published score. The ratings are one fit over all battles, so a model's rating is today's estimate of its
/// strength, not the rating it had at release — which is what threshold crossing needs (one scale for every date).
/// </summary>
public static class ArenaFrontier
{
    /// <summary>The benchmark id the ratings are filed under.</summary>
    public const string Benchmark = "arena";

    /// <summary>
    /// Adds every rated model's rating under <see cref="Benchmark"/>. Models marked preliminary (fewer battles than the
    /// board's minimum) are left out with a note unless <paramref name="includePreliminary"/>: their rating is too
    /// uncertain to set or judge a record on. Release dates and origins come from the other sources (config, roster, CSVs).
    /// </summary>
    /// <param name="table">The table to add to.</param>
    /// <param name="board">The computed arena leaderboard.</param>
    /// <param name="source">Where the battles came from (a file name, or <c>stored battles</c>), for notes and sources.</param>
    /// <param name="includePreliminary">Keep preliminary models too.</param>
    /// <returns>How many ratings were added.</returns>
    public static int AddRatings(ScoreTable table, ArenaLeaderboardResult board, string source, bool includePreliminary = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(source);
        var left = new List<string>();
        var added = 0;
        foreach (var row in board.Rows.OrderBy(r => r.Model, StringComparer.Ordinal))
        {
            if (row.Preliminary && !includePreliminary)
            {
                left.Add(row.Model);
                continue;
            }

            table.AddScore(new FrontierScore(row.Model, Benchmark, row.Rating, $"{source}: arena rating"));
            added++;
        }

        if (left.Count > 0) table.AddNote(FrontierNote.Of(FrontierNoteKind.ArenaPreliminary, Benchmark, left.Count, string.Join(", ", left.Take(5)) + (left.Count > 5 ? ", …" : "")));
        if (added > 0) table.AddNote(FrontierNote.Of(FrontierNoteKind.ArenaRatings, Benchmark, added, board.BattleCount, source));

        return added;
    }
}
