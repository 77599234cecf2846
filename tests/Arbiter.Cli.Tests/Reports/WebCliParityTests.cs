using System.Text;
using System.Text.Json.Nodes;
using Arbiter.Storage.Sqlite;
using Arbiter.Web.Hosting;

namespace Arbiter.Cli.Tests.Reports;

/// <summary>
/// One home for the numbers: on the same store and filters, the web's JSON and the CLI's JSON are the
/// same document (leaderboard with its defaults, style control, run comparison, audit rates). The web
/// once ranked imported battles differently from the CLI; this test fails if either grows its own copy.
/// </summary>
public sealed class WebCliParityTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-parity-").FullName;

    private string Db => Path.Combine(_dir, "parity.db");

    public async ValueTask InitializeAsync()
    {
        var (code, _, err) = await CliProcess.RunAsync(_dir, null, "demo", "--no-serve", "--quiet", "--limit", "4", "--db", Db);
        Assert.True(code == 0, err);
        // Imported battles the web once ignored: not anonymous (judge-style), some flagged, two languages, style features.
        var battles = new StringBuilder();
        string[] models = ["alpha", "beta", "gamma", "delta"];
        var random = new Random(5);
        for (var i = 0; i < 400; i++)
        {
            int a = random.Next(4), b = (a + 1 + random.Next(3)) % 4;
            var winner = random.Next(10) switch { < 4 => "model_a", < 8 => "model_b", 8 => "tie", _ => "tie (bothbad)" };
            var row = new JsonObject
            {
                ["battle_id"] = $"b{i}", ["model_a"] = models[a], ["model_b"] = models[b], ["winner"] = winner,
                ["anony"] = i % 3 != 0, ["flagged"] = i % 17 == 0, ["language"] = i % 2 == 0 ? "en" : "ru",
                ["conv_metadata"] = new JsonObject
                {
                    ["sum_assistant_a_tokens"] = 100 + random.Next(400), ["sum_assistant_b_tokens"] = 100 + random.Next(400),
                    ["header_count_a"] = new JsonObject { ["h1"] = random.Next(3) }, ["header_count_b"] = new JsonObject { ["h1"] = random.Next(3) },
                    ["list_count_a"] = new JsonObject { ["ordered"] = random.Next(5) }, ["list_count_b"] = new JsonObject { ["ordered"] = random.Next(5) },
                    ["bold_count_a"] = new JsonObject { ["**"] = random.Next(4) }, ["bold_count_b"] = new JsonObject { ["**"] = random.Next(4) },
                },
            };
            battles.Append(row.ToJsonString()).Append('\n');
        }

        var file = Path.Combine(_dir, "battles.jsonl");
        await File.WriteAllTextAsync(file, battles.ToString());
        (code, _, err) = await CliProcess.RunAsync(_dir, null, "arena", "import", file, "--db", Db);
        Assert.True(code == 0, err);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_web_and_the_cli_write_the_same_json_for_the_same_store_and_filters()
    {
        await using var store = new SqliteRunStore(Db);
        await using var web = await ArbiterWebServer.StartAsync(new WebSetup(store, []) { Logging = _ => { } }, o => o.Port = 0);
        using var http = new HttpClient { BaseAddress = web.Url };

        await AssertSameAsync(http, "/api/leaderboard", "arena", "leaderboard", "--format", "json");
        await AssertSameAsync(http, "/api/leaderboard?style=1&language=en", "arena", "leaderboard", "--style-control", "--language", "en", "--format", "json");
        await AssertSameAsync(http, "/api/leaderboard?flagged=1", "arena", "leaderboard", "--include-flagged", "--format", "json");
        await AssertSameAsync(http, "/api/audit", "audit", "report", "--format", "json");

        var (code, runs, err) = await CliProcess.RunAsync(_dir, null, "runs", "list", "--format", "json", "--db", Db);
        Assert.True(code == 0, err);
        var pair = JsonNode.Parse(runs)!["runs"]!.AsArray().Select(r => r!).GroupBy(r => (string)r["suite"]!).First(g => g.Count() >= 2).Take(2).Select(r => (string)r["runId"]!).ToArray();
        await AssertSameAsync(http, $"/api/runs/compare?a={pair[0]}&b={pair[1]}", "compare", pair[0], pair[1], "--format", "json");
    }

    private async Task AssertSameAsync(HttpClient http, string url, params string[] cli)
    {
        var (code, output, err) = await CliProcess.RunAsync(_dir, null, [.. cli, "--db", Db]);
        Assert.True(code == 0, err);
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        var fromCli = JsonNode.Parse(output);
        var fromWeb = JsonNode.Parse(body);
        Assert.True(fromCli is JsonArray { Count: > 0 } or JsonObject { Count: > 0 }, $"{string.Join(' ', cli)} printed nothing to compare: {output}");
        Assert.True(JsonNode.DeepEquals(fromCli, fromWeb), $"{url} differs from '{string.Join(' ', cli)}':\nweb: {body}\ncli: {output}");
    }
}
