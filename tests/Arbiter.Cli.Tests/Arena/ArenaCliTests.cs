using System.Text.Json;

namespace Arbiter.Cli.Tests.Arena;

public sealed class ArenaCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-arena-cli-").FullName;

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Arena", "arena_hard_battles_57a9881.jsonl");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_file_of_bare_model_a_model_b_winner_rows_is_read_and_a_file_of_only_bad_rows_exits_2()
    {
        // What FastChat's tools and most scripts write: every row was skipped as an arena-hard row without question_id.
        var bare = Path.Combine(_dir, "bare.jsonl");
        await File.WriteAllLinesAsync(bare, [.. Enumerable.Range(0, 30).Select(i => $$"""{"model_a":"m{{i % 3}}","model_b":"m{{(i + 1) % 3}}","winner":"{{(i % 4 == 0 ? "tie" : "model_a")}}"}""")]);
        var (code, output, err) = await CliProcess.RunAsync(_dir, null, "arena", "leaderboard", "--battles", bare, "--format", "json", "--rounds", "10");
        Assert.True(code == 0, err);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal(3, json.RootElement.GetArrayLength());
            Assert.Equal(60, json.RootElement.EnumerateArray().Sum(r => r.GetProperty("battles").GetInt32())); // 30 battles, two sides each
        }

        var broken = Path.Combine(_dir, "broken.jsonl");
        await File.WriteAllLinesAsync(broken, ["""{"model_a":"x","winner":"model_a"}""", """{"model_a":"x","model_b":"x","winner":"tie"}"""]);
        (code, output, err) = await CliProcess.RunAsync(_dir, null, "arena", "leaderboard", "--battles", broken);
        Assert.Equal(2, code);
        Assert.Contains("no battle could be read", err, StringComparison.Ordinal);
        (code, _, err) = await CliProcess.RunAsync(_dir, null, "arena", "import", broken);
        Assert.Equal(2, code);
        Assert.Contains("all 2 row(s) were skipped", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task Rounds_below_one_exit_2_naming_the_flag(string rounds)
    {
        var (code, _, err) = await CliProcess.RunAsync(_dir, null, "arena", "leaderboard", "--battles", Fixture, "--rounds", rounds);
        Assert.Equal(2, code);
        Assert.Contains("--rounds must be at least 1", err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interval_bound_on_the_far_side_of_the_rating_keeps_its_own_sign()
    {
        Assert.Equal("+12.50/-15.61", Commands.ArenaLeaderboardCommand.Ci(new Arbiter.Engine.Arena.ArenaRow(1, "m", 1000, 984.39, 1012.5, 10, 5, 5, 0)));
        Assert.Equal("-3.10/-15.61", Commands.ArenaLeaderboardCommand.Ci(new Arbiter.Engine.Arena.ArenaRow(1, "m", 1000, 984.39, 996.9, 10, 5, 5, 0)));
    }

    [Fact]
    public async Task Import_then_leaderboard_prints_the_reference_ratings()
    {
        var (code, output, err) = await CliProcess.RunAsync(_dir, null, "arena", "import", Fixture);
        Assert.True(code == 0, err);
        Assert.Contains("Imported 1348 new battle(s)", output, StringComparison.Ordinal);

        (code, output, err) = await CliProcess.RunAsync(_dir, null, "arena", "import", Fixture);
        Assert.True(code == 0, err);
        Assert.Contains("Imported 0 new battle(s)", output, StringComparison.Ordinal);

        (code, output, err) = await CliProcess.RunAsync(_dir, null, "arena", "leaderboard");
        Assert.True(code == 0, err);
        var lines = output.Split('\n');
        foreach (var (model, rating) in new[] { ("gpt-4o", "1135.43"), ("claude-3-5-sonnet-20240620", "1132.13"), ("claude-3-opus-20240229", "999.48"), ("claude-3-haiku-20240307", "732.96") })
        {
            Assert.Contains(lines, l => l.Contains(" " + model + " ", StringComparison.Ordinal) && l.Contains(rating, StringComparison.Ordinal));
        }

        Assert.Contains("1348 battles", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaderboard_on_a_file_with_an_anchor_writes_the_json_array()
    {
        var (code, output, err) = await CliProcess.RunAsync(_dir, null, "arena", "leaderboard", "--battles", Fixture,
            "--anchor", "claude-3-haiku-20240307=1000", "--format", "json", "--ci", "sandwich");
        Assert.True(code == 0, err);

        using var doc = JsonDocument.Parse(output);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal([1402.46, 1399.17, 1266.52, 1000.00], rows.Select(r => Math.Round(r.GetProperty("rating").GetDouble(), 2)));
        Assert.Equal([1, 1, 3, 4], rows.Select(r => r.GetProperty("rank_ub").GetInt32()));
        Assert.Equal(468, rows[0].GetProperty("battles").GetInt32());
        Assert.False(File.Exists(Path.Combine(_dir, "arbiter.db")));
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_lines_and_export_round_trips()
    {
        var file = Path.Combine(_dir, "mixed.jsonl");
        await File.WriteAllTextAsync(file, "{\"question_id\":1,\"model_a\":\"a\",\"model_b\":\"b\",\"winner\":\"model_a\"}\n{\"question_id\":2,\"model_a\":\"a\",\"model_b\":\"b\",\"winner\":\"??\"}\n{\"question_id\":3,\"model_a\":\"a\",\"model_b\":\"a\",\"winner\":\"tie\"}\n", TestContext.Current.CancellationToken);

        var (code, output, err) = await CliProcess.RunAsync(_dir, null, "arena", "import", file);
        Assert.True(code == 0, err);
        Assert.Contains("line 2: unknown winner '??'", err, StringComparison.Ordinal);
        Assert.Contains("line 3: 'a' battles itself", err, StringComparison.Ordinal);
        Assert.Contains("1 valid", output, StringComparison.Ordinal);

        var exported = Path.Combine(_dir, "out.jsonl");
        (code, _, err) = await CliProcess.RunAsync(_dir, null, "arena", "export", "--out", exported, "--format", "arena-hard");
        Assert.True(code == 0, err);
        Assert.Equal("{\"question_id\":1,\"model_a\":\"a\",\"model_b\":\"b\",\"winner\":\"model_a\"}\n", await File.ReadAllTextAsync(exported, TestContext.Current.CancellationToken));
    }
}
