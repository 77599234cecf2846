using System.Text;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Tests.Arena.Integrity;

public sealed class IntegrityExportTests
{
    private static readonly ArenaBattle Voided = new("b1", "m1", "m2", BattleWinner.ModelA)
    {
        Judge = "web:bot", TimestampMs = 1_700_000_000_123, Signals = "fast-vote,prompt-flood", VoidedAtMs = 1_700_000_100_456, VoidReason = "bot farm",
    };

    [Fact]
    public async Task The_export_carries_signals_and_the_void_and_a_reimport_keeps_them()
    {
        using var stream = new MemoryStream();
        await BattleExporter.WriteAsync(new[] { Voided, new ArenaBattle("b2", "m2", "m1", BattleWinner.Tie) }.ToAsyncEnumerable(), stream,
            BattleExportFormat.FastChatJsonl, TestContext.Current.CancellationToken);
        var text = Encoding.UTF8.GetString(stream.ToArray());

        Assert.Contains("\"signals\":\"fast-vote,prompt-flood\"", text, StringComparison.Ordinal);
        Assert.Contains("\"voided_tstamp\":1700000100.456,\"void_reason\":\"bot farm\"", text, StringComparison.Ordinal);
        var back = BattleImporter.Read(stream.ToArray());
        Assert.Equal(Voided, back.Battles[0]);
        Assert.Null(back.Battles[1].Signals);
        Assert.Null(back.Battles[1].VoidedAtMs);
    }

    [Fact]
    public void The_board_filter_leaves_voided_battles_out_and_the_board_recomputes_without_them()
    {
        var battles = Enumerable.Range(0, 20).Select(i => new ArenaBattle($"h{i}", "good", "bad", BattleWinner.ModelA) { TimestampMs = i })
            .Concat(Enumerable.Range(0, 60).Select(i => new ArenaBattle($"x{i}", "good", "bad", BattleWinner.ModelB) { TimestampMs = 100 + i, Judge = "web:bot", VoidedAtMs = 999 }))
            .ToList();

        var board = ArenaLeaderboard.Compute([.. battles.Where(BattleFilter.Board.Matches)], new ArenaLeaderboardOptions { Rounds = 20 });

        Assert.Equal(20, board.BattleCount);
        Assert.Equal("good", board.Rows[0].Model);
        Assert.False(BattleFilter.All.Matches(battles[^1]) is false);
    }
}
