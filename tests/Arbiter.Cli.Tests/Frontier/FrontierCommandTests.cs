using System.Text.Json;

namespace Arbiter.Cli.Tests.Frontier;

public sealed class FrontierCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-frontier-").FullName;
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Frontier", "llm_stats_scores.csv");

    /// <summary>The worked example (shared with the report tests): US and RU on one benchmark.</summary>
    internal const string WorkedExampleCsv = """
        model,organization,country,release_date,weights,benchmark,score
        us-a,Lab A,US,2024-01-01,closed,bench,0.50
        us-b,Lab A,US,2024-04-01,closed,bench,0.60
        us-c,Lab B,US,2024-10-01,open,bench,0.70
        ru-a,Lab R,RU,2024-07-01,open,bench,0.55
        ru-b,Lab R,RU,2025-01-01,closed,bench,0.65
        """;

    private string WorkedExample()
    {
        var path = Path.Combine(_dir, "example.csv");
        File.WriteAllText(path, WorkedExampleCsv);
        return path;
    }

    [Fact]
    public async Task Json_gives_the_worked_example_exact_to_the_day()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(_dir, null, "frontier", "--scores", WorkedExample(), "--group", "country", "--reference", "US", "--as-of", "2025-03-01", "--format", "json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var row = doc.RootElement[0];
        Assert.Equal(("RU", "bench", 151, 91.5), (row.GetProperty("group").GetString(), row.GetProperty("benchmark").GetString(), row.GetProperty("currentLagDays").GetInt32(), row.GetProperty("medianRecordLagDays").GetDouble()));
        Assert.Equal([91, 92], row.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("lagDays").GetInt32()));
        Assert.Equal(["2024-04-01", "2024-10-01"], row.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("referenceDate").GetString()));
        Assert.Equal("*", doc.RootElement[1].GetProperty("benchmark").GetString());
    }

    [Fact]
    public async Task Battles_give_the_arena_rating_as_a_benchmark_with_the_worked_examples_lags_and_the_country_view()
    {
        // Weakest first, in the worked example's score order; each pair meets 40 times, the stronger wins three in four.
        string[] byStrength = ["us-a", "ru-a", "us-b", "ru-b", "us-c"];
        var lines = new List<string>();
        for (var i = 0; i < byStrength.Length; i++)
        {
            for (var j = i + 1; j < byStrength.Length; j++)
            {
                for (var k = 0; k < 40; k++) lines.Add($$"""{"battle_id":"b{{lines.Count}}","model_a":"{{byStrength[i]}}","model_b":"{{byStrength[j]}}","winner":"{{(k % 4 == 0 ? "model_a" : "model_b")}}"}""");
            }
        }

        var battles = Path.Combine(_dir, "battles.jsonl");
        await File.WriteAllLinesAsync(battles, lines);
        var (code, stdout, stderr) = await CliProcess.RunAsync(_dir, null, "frontier", "--scores", WorkedExample(), "--battles", battles, "--benchmark", "arena", "--reference", "US", "--as-of", "2025-03-01", "--format", "json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var row = doc.RootElement[0];
        Assert.Equal(("RU", "arena", 151), (row.GetProperty("group").GetString(), row.GetProperty("benchmark").GetString(), row.GetProperty("currentLagDays").GetInt32()));
        Assert.Equal([91, 92], row.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("lagDays").GetInt32()));
        Assert.Contains("note: arena: Bradley–Terry ratings of 5 model(s) from 400 battles (battles.jsonl)", stderr, StringComparison.Ordinal);

        var board = await CliProcess.RunAsync(_dir, null, "leaderboard", "--by", "country", "--scores", WorkedExample(), "--battles", battles, "--benchmark", "arena", "--format", "csv");
        Assert.True(board.Code == 0, board.Err);
        Assert.Contains("RU,arena,2,ru-b,", board.Out, StringComparison.Ordinal);

        var missing = await CliProcess.RunAsync(_dir, null, "frontier", "--battles", Path.Combine(_dir, "nope.jsonl"), "--reference", "US");
        Assert.Equal(2, missing.Code);
        Assert.Contains("--battles: no such file", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_and_csv_render()
    {
        var (code, stdout, _) = await CliProcess.RunAsync(_dir, null, "frontier", "--scores", WorkedExample(), "--reference", "US", "--as-of", "2025-03-01");
        Assert.Equal(0, code);
        Assert.Contains("151 d (5.0 mo)", stdout, StringComparison.Ordinal);
        var csv = await CliProcess.RunAsync(_dir, null, "frontier", "--scores", WorkedExample(), "--reference", "US", "--as-of", "2025-03-01", "--format", "csv");
        Assert.StartsWith("group,benchmark,current_lag_days", csv.Out, StringComparison.Ordinal);
        Assert.Contains("RU,bench,151,", csv.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_writes_a_self_contained_report_with_the_charts()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(_dir, null, "frontier", "--scores", WorkedExample(), "--reference", "US", "--as-of", "2025-03-01", "--format", "html");
        Assert.True(code == 0, stderr);
        var path = Path.Combine(_dir, "arbiter-frontier.html");
        Assert.Contains("arbiter-frontier.html", stdout, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(path);
        Assert.Contains("<figure class=\"chart\" data-chart=\"lag\">", html, StringComparison.Ordinal);
        Assert.Contains("RU: current lag 151 days (5.0 months): US first reached 0.65 on 2024-10-01", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
        var piped = await CliProcess.RunAsync(_dir, null, "frontier", "--scores", WorkedExample(), "--reference", "US", "--as-of", "2025-03-01", "--format", "html", "--out", "-");
        Assert.StartsWith("<!DOCTYPE html>", piped.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--group", "continent", "continent")]
    [InlineData("--as-of", "01/03/2025", "--as-of must be a date YYYY-MM-DD")]
    [InlineData("--reference", "CN", "--reference CN: no model in this group; groups present: RU, US")]
    [InlineData("--benchmark", "gpqa", "--benchmark gpqa")]
    public async Task A_bad_flag_value_exits_2_with_a_message(string flag, string value, string message)
    {
        string[] args = ["frontier", "--scores", WorkedExample(), "--reference", "US", "--as-of", "2025-03-01"];
        var i = Array.IndexOf(args, flag);
        args = i >= 0 ? [.. args[..(i + 1)], value, .. args[(i + 2)..]] : [.. args, flag, value];
        var (code, _, stderr) = await CliProcess.RunAsync(_dir, null, args);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_or_bad_file_exits_2_naming_it()
    {
        var missing = await CliProcess.RunAsync(_dir, null, "frontier", "--scores", Path.Combine(_dir, "nope.csv"), "--reference", "US");
        Assert.Equal(2, missing.Code);
        Assert.Contains("nope.csv", missing.Err, StringComparison.Ordinal);
        var bad = Path.Combine(_dir, "bad.csv");
        await File.WriteAllTextAsync(bad, "model,release_date,benchmark,score\nm,2024-01-01,b,high\n");
        var result = await CliProcess.RunAsync(_dir, null, "frontier", "--scores", bad, "--reference", "US");
        Assert.Equal(2, result.Code);
        Assert.Contains("bad.csv:2:1: score 'high' is not a number", result.Err, StringComparison.Ordinal);
        var none = await CliProcess.RunAsync(_dir, null, "frontier", "--reference", "US");
        Assert.Equal(2, none.Code);
        Assert.Contains("--scores", none.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaderboard_by_country_says_where_the_best_model_ranks()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(_dir, null, "leaderboard", "--by", "country", "--scores", Shipped, "--benchmark", "gpqa", "--as-of", "2025-10-15", "--format", "json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var cn = doc.RootElement.EnumerateArray().Single(r => r.GetProperty("group").GetString() == "CN");
        Assert.Equal((15, 129), (cn.GetProperty("bestRank").GetInt32(), cn.GetProperty("rankedModels").GetInt32()));
        var table = await CliProcess.RunAsync(_dir, null, "leaderboard", "--by", "country", "--scores", Shipped, "--benchmark", "gpqa", "--as-of", "2025-10-15");
        Assert.Contains("15th of 129", table.Out, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
