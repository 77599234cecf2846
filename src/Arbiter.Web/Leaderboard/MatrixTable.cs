using System.Globalization;
using Arbiter.Engine.Arena;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;

namespace Arbiter.Web.Leaderboard;

/// <summary>
/// The engine's observed win-rate and battle-count matrices as one table (rows and columns in board order),
/// collapsed under the board: what an arena operator reads to see which pairs are still thinly compared.
/// </summary>
internal static class MatrixTable
{
    private const int MaxModels = 20;

    public static void Write(Html h, UiText t, ArenaLeaderboardResult board, IReadOnlyList<ArenaRow> rows)
    {
        var order = rows.Select(r => r.Model).Take(MaxModels).ToList();
        var index = board.WinRates.Models.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i, StringComparer.Ordinal);
        var countIndex = board.BattleCounts.Models.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i, StringComparer.Ordinal);
        if (order.Count < 2 || order.Any(m => !index.ContainsKey(m) || !countIndex.ContainsKey(m))) return;
        var inv = CultureInfo.InvariantCulture;
        h.Raw("<details class=\"matrix\"><summary>").Text(t["board.matrices"]).Raw("</summary>").Element("p", t["board.matrixNote"], "note");
        h.Raw("<table class=\"board matrix\"><thead><tr><th></th>");
        foreach (var m in order) h.Element("th", m);
        h.Raw("</tr></thead><tbody>");
        foreach (var a in order)
        {
            h.Raw("<tr>").Element("th", a);
            foreach (var b in order)
            {
                if (a == b)
                {
                    h.Element("td", "", "num");
                    continue;
                }

                var n = board.BattleCounts[countIndex[a], countIndex[b]];
                var rate = board.WinRates[index[a], index[b]];
                h.Element("td", n == 0 || double.IsNaN(rate) ? "—" : $"{rate.ToString("0%", inv)} ({n.ToString("0", inv)})", "num");
            }

            h.Raw("</tr>");
        }

        h.Raw("</tbody></table></details>");
    }
}
