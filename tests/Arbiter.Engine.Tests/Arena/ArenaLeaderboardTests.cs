using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Tests.Arena;

public sealed class ArenaLeaderboardTests
{
    private static async Task<IReadOnlyList<ArenaBattle>> ArenaHardAsync() =>
        (await BattleImporter.ReadFileAsync(ArenaFixture.ArenaHardPath, cancellationToken: TestContext.Current.CancellationToken)).Battles;

    [Fact]
    public async Task The_arena_hard_reference_ratings_are_reproduced_through_import()
    {
        var board = ArenaLeaderboard.Compute(await ArenaHardAsync());

        Assert.Equal(["gpt-4o", "claude-3-5-sonnet-20240620", "claude-3-opus-20240229", ArenaFixture.Haiku], board.Rows.Select(r => r.Model));
        Assert.Equal([1135.43, 1132.13, 999.48, 732.96], board.Rows.Select(r => Math.Round(r.Rating, 2)));
        Assert.Equal(1000, board.Rows.Average(r => r.Rating), 1e-9);
        Assert.Equal(1_348, board.BattleCount);
        var gpt = board.Rows[0];
        Assert.Equal((468, 423, 39, 6), (gpt.Battles, gpt.Wins, gpt.Losses, gpt.Ties));
        Assert.Equal(1_348, board.Rows.Single(r => r.Model == ArenaFixture.Haiku).Battles);
        Assert.All(board.Rows, r => Assert.InRange(r.Rating, r.Lower, r.Upper));
        Assert.Equal([1, 1, 3, 4], board.Rows.Select(r => r.RankUb));
    }

    [Fact]
    public async Task Anchoring_the_baseline_at_1000_gives_the_arena_hard_numbers()
    {
        var board = ArenaLeaderboard.Compute(await ArenaHardAsync(), new ArenaLeaderboardOptions { AnchorModel = ArenaFixture.Haiku });

        Assert.Equal([1402.46, 1399.17, 1266.52, 1000.00], board.Rows.Select(r => Math.Round(r.Rating, 2)));
        var anchor = board.Rows[^1];
        Assert.Equal((1000.0, 1000.0), (anchor.Lower, anchor.Upper));
        // Closed form for a star design: r(m) − r(haiku) = 400·log10((wins + ties/2)/(losses + ties/2)).
        Assert.Equal(400 * Math.Log10(426.0 / 42.0), board.Rows[0].Rating - 1000, 1e-6);
    }

    [Fact]
    public async Task Bootstrap_is_seeded_and_sandwich_intervals_are_available()
    {
        var battles = await ArenaHardAsync();
        var a = ArenaLeaderboard.Compute(battles, new() { Seed = 7, Rounds = 50 });
        var b = ArenaLeaderboard.Compute(battles, new() { Seed = 7, Rounds = 50 });
        var sandwich = ArenaLeaderboard.Compute(battles, new() { Intervals = IntervalMethod.Sandwich });

        Assert.Equal(a.Rows, b.Rows);
        Assert.Equal(a.Rows.Select(r => r.Rating), sandwich.Rows.Select(r => r.Rating));
        Assert.All(sandwich.Rows, r => Assert.True(r.Upper - r.Lower is > 10 and < 200, r.ToString()));
    }

    [Fact]
    public async Task Matrices_describe_the_star_design()
    {
        var board = ArenaLeaderboard.Compute(await ArenaHardAsync());

        Assert.Equal(468, board.BattleCounts["gpt-4o", ArenaFixture.Haiku]);
        Assert.Equal(0, board.BattleCounts["gpt-4o", "claude-3-opus-20240229"]);
        Assert.Equal(426.0 / 468, board.WinRates["gpt-4o", ArenaFixture.Haiku], 1e-12);
        Assert.True(board.PredictedWinRates["gpt-4o", "claude-3-opus-20240229"] > 0.5);
    }

    [Fact]
    public async Task Filters_drop_ties_and_non_anonymous_battles()
    {
        var battles = (await ArenaHardAsync()).Select((b, i) => b with { Anonymous = i % 2 == 0, Flagged = i % 4 == 0 }).ToList();
        var noTies = battles.Where(new BattleFilter(ExcludeTies: true).Matches).ToList();
        var anonymous = battles.Where(new BattleFilter(AnonymousOnly: true).Matches).ToList();

        Assert.Equal(1_348 - 23, noTies.Count);
        Assert.Equal(337, anonymous.Count);
        Assert.Equal(1_325, ArenaLeaderboard.Compute(noTies, new() { Rounds = 10 }).BattleCount);
    }

    [Fact]
    public void Style_control_board_is_reported_alongside_and_moves_verbose_models_down()
    {
        // The richer answer always wins (a coin decides between equals); "verbose" is rich 80 % of the
        // time, "terse" 20 %, independently. Plain ratings reward verbose; at equal style they are even.
        var rich = new AnswerStyle(800, 4, 10, 6);
        var plain = new AnswerStyle(200, 0, 0, 0);
        var battles = new List<ArenaBattle>();
        for (int i = 0; i < 1000; i++)
        {
            bool verboseRich = i % 5 != 0, terseRich = i / 5 % 5 == 0;
            bool verboseWins = verboseRich == terseRich ? i / 25 % 2 == 0 : verboseRich;
            bool verboseIsA = i % 2 == 0;
            var (sv, st) = (verboseRich ? rich : plain, terseRich ? rich : plain);
            battles.Add(verboseIsA
                ? new ArenaBattle($"b{i:D4}", "verbose", "terse", verboseWins ? "model_a" : "model_b") { StyleA = sv, StyleB = st }
                : new ArenaBattle($"b{i:D4}", "terse", "verbose", verboseWins ? "model_b" : "model_a") { StyleA = st, StyleB = sv });
        }

        var board = ArenaLeaderboard.Compute(battles, new() { StyleControl = true, Rounds = 20 });

        Assert.NotNull(board.StyleControlled);
        Assert.Equal(4, board.StyleCoefficients!.Count);
        double plainGap = board.Rows.Single(r => r.Model == "verbose").Rating - board.Rows.Single(r => r.Model == "terse").Rating;
        double styleGap = board.StyleControlled.Single(r => r.Model == "verbose").Rating - board.StyleControlled.Single(r => r.Model == "terse").Rating;
        Assert.True(plainGap > 150, plainGap.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Math.Abs(styleGap) < plainGap / 3, $"{styleGap} vs {plainGap}");
        Assert.All(board.StyleControlled, r => Assert.InRange(r.Rating, r.Lower, r.Upper));
    }

    [Fact]
    public void Battles_without_style_features_are_named_in_a_warning()
    {
        ArenaBattle[] battles = [new("1", "a", "b", "model_a"), new("2", "a", "b", "model_b") { StyleA = new(1, 0, 0, 0), StyleB = new(2, 0, 0, 0) }];

        var board = ArenaLeaderboard.Compute(battles, new() { StyleControl = true, Rounds = 5 });

        Assert.Contains(board.Warnings, w => w.Contains("1 of 2 battle(s) have no style features", StringComparison.Ordinal));
    }
}
