using System.Text;
using System.Text.Json;

namespace Arbiter.Cli.Tests;

public sealed class CliBehaviourTests
{
    [Fact]
    public async Task A_run_prints_the_table_and_stores_every_sample()
    {
        await using var ws = await CliWorkspace.CreateAsync(20);
        var (code, output, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet");
        Assert.True(code == 0, err);
        Assert.Contains("sim-cli", output, StringComparison.Ordinal);
        Assert.Contains("Accuracy", output, StringComparison.Ordinal);
        Assert.Equal(20, (await ws.SamplesAsync()).Count);
    }

    [Fact]
    public async Task Json_output_is_machine_readable()
    {
        await using var ws = await CliWorkspace.CreateAsync(12);
        var (code, output, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--format", "json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var run = Assert.Single(doc.RootElement.GetProperty("runs").EnumerateArray().ToList());
        Assert.Equal("cli-suite", run.GetProperty("suite").GetString());
        Assert.Equal(12, run.GetProperty("samples").GetInt32());
        Assert.InRange(run.GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.True(run.GetProperty("ciLower").GetDouble() <= run.GetProperty("accuracy").GetDouble());
        Assert.Equal("USD", run.GetProperty("currency").GetString());
    }

    [Theory]
    [InlineData("0.5", 0)]
    [InlineData("99", 1)]
    public async Task Fail_under_sets_the_exit_code(string threshold, int expected)
    {
        await using var ws = await CliWorkspace.CreateAsync(20);
        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet", "--fail-under", threshold);
        Assert.True(code == expected, err);
        if (expected == 1) Assert.Contains("fail-under", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_commands_speak_json()
    {
        await using var ws = await CliWorkspace.CreateAsync(5);
        var (code, output, err) = await CliProcess.RunAsync(ws.Dir, null, "suites", "list", "--format", "json");
        Assert.True(code == 0, err);
        using (var suites = System.Text.Json.JsonDocument.Parse(output))
        {
            Assert.Equal(15, suites.RootElement.GetArrayLength());
            Assert.Equal(489, suites.RootElement.EnumerateArray().Sum(s => s.GetProperty("items").GetInt32()));
        }

        (code, output, err) = await CliProcess.RunAsync(ws.Dir, null, "models", "list", "--format", "json");
        Assert.True(code == 0, err);
        using var models = System.Text.Json.JsonDocument.Parse(output);
        Assert.NotEqual(0, models.RootElement.GetArrayLength());
        Assert.All(models.RootElement.EnumerateArray().ToList(), m => Assert.False(string.IsNullOrEmpty(m.GetProperty("id").GetString())));
    }

    // These were accepted (exit 0, ninety empty runs that then hid real results in reports).
    [Theory]
    [InlineData("--limit", "-3")]
    [InlineData("--epochs", "0")]
    [InlineData("--fail-under", "150")]
    [InlineData("--fail-under", "-0.1")]
    public async Task An_out_of_range_flag_exits_2_naming_the_flag_and_stores_nothing(string flag, string value)
    {
        await using var ws = await CliWorkspace.CreateAsync(10);
        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet", flag, value);
        Assert.Equal(2, code);
        Assert.Contains(flag, err, StringComparison.Ordinal);
        Assert.DoesNotContain("arbiter.yaml", err, StringComparison.Ordinal);
        Assert.Equal(0, ws.Server.Stats.TotalChatRequests);
        Assert.False(File.Exists(ws.Db));
    }

    [Fact]
    public async Task A_config_error_exits_2_with_its_location_before_any_call_or_write()
    {
        await using var ws = await CliWorkspace.CreateAsync(10, modelExtra: "    temprature: 0.5");
        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run");
        Assert.Equal(2, code);
        Assert.Matches(@"arbiter\.yaml:\d+:\d+: unknown key 'temprature'", err);
        Assert.Equal(0, ws.Server.Stats.TotalChatRequests);
        Assert.False(File.Exists(ws.Db));
    }

    [Fact]
    public async Task A_malformed_suite_line_exits_2_naming_file_and_line_and_writes_nothing()
    {
        await using var ws = await CliWorkspace.CreateAsync(10);
        await File.AppendAllTextAsync(Path.Combine(ws.Dir, "suite", "items.jsonl"), "{\"id\":\"broken\",\"input\":\n");
        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run");
        Assert.Equal(2, code);
        Assert.Contains("items.jsonl:11:", err, StringComparison.Ordinal);
        Assert.Equal(0, ws.Server.Stats.TotalChatRequests);
        Assert.Empty(await ws.SamplesAsync());
    }

    [Fact]
    public async Task A_missing_key_variable_exits_2_before_any_call()
    {
        await using var ws = await CliWorkspace.CreateAsync(5, modelExtra: "    apiKeyEnv: ARBITER_TEST_UNSET_KEY");
        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run");
        Assert.Equal(2, code);
        Assert.Contains("ARBITER_TEST_UNSET_KEY", err, StringComparison.Ordinal);
        Assert.Equal(0, ws.Server.Stats.TotalChatRequests);
    }

    [Fact]
    public async Task Unknown_options_are_usage_errors()
    {
        var (code, _, err) = await CliProcess.RunAsync(Path.GetTempPath(), null, "run", "--no-such-flag");
        Assert.Equal(2, code);
        Assert.Contains("--no-such-flag", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_key_never_appears_in_output_or_database()
    {
        const string secret = "sk-cli-9b8a7c6d5e4f3a2b1c0d";
        await using var ws = await CliWorkspace.CreateAsync(15, expectedKey: secret, modelExtra: "    apiKeyEnv: ARBITER_CLI_KEY");
        // Debug logging on, so the search below covers log lines too.
        var env = new Dictionary<string, string> { ["ARBITER_CLI_KEY"] = secret, ["ARBITER_LOG_LEVEL"] = "Debug" };
        var run = await CliProcess.RunAsync(ws.Dir, env, "run");
        Assert.True(run.Code == 0, run.Err);
        var list = await CliProcess.RunAsync(ws.Dir, env, "runs", "list", "--format", "json");
        var models = await CliProcess.RunAsync(ws.Dir, env, "models", "list");
        var ping = await CliProcess.RunAsync(ws.Dir, env, "models", "ping");
        Assert.Equal(0, ping.Code);
        var everything = new StringBuilder().Append(run.Out).Append(run.Err).Append(list.Out).Append(list.Err)
            .Append(models.Out).Append(models.Err).Append(ping.Out).Append(ping.Err);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(ws.Dir)) everything.Append(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)));
        Assert.DoesNotContain(secret, everything.ToString(), StringComparison.Ordinal);
        Assert.Contains("ARBITER_CLI_KEY", models.Out, StringComparison.Ordinal); // the variable's name is fine to show
    }

    [Fact]
    public async Task Suites_list_shows_the_built_in_suites_with_counts()
    {
        var (code, output, err) = await CliProcess.RunAsync(Path.GetTempPath(), null, "suites", "list");
        Assert.True(code == 0, err);
        foreach (var id in new[] { "science-en", "banking-ru", "healthcare-zh", "education-en", "public-admin-ru" })
        {
            Assert.Contains(id, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Suites_validate_warns_when_few_shot_examples_overlap_the_test_items()
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-validate-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "suite.yaml"), "id: shots\nfewShot: { file: items.jsonl, k: 2 }\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "items.jsonl"), "{\"id\":\"a\",\"input\":\"x\",\"target\":\"1\"}\n{\"id\":\"b\",\"input\":\"y\",\"target\":\"2\"}\n");
        var (code, _, err) = await CliProcess.RunAsync(dir, null, "suites", "validate", dir);
        Assert.Equal(0, code);
        // The warning names the suite it is about: "<path>: warning: shots: fewShot: …".
        Assert.Contains("warning: shots: fewShot: 2 of 2 test items are also few-shot examples", err, StringComparison.Ordinal);
        Assert.Contains("fewer than k=2 shots", err, StringComparison.Ordinal);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Suites_validate_reports_bad_files_with_exit_2()
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-validate-").FullName;
        var bad = Path.Combine(dir, "bad.jsonl");
        await File.WriteAllTextAsync(bad, "{\"id\":\"a\",\"input\":\"x\",\"target\":\"1\"}\nnot json\n");
        var (code, _, err) = await CliProcess.RunAsync(dir, null, "suites", "validate", bad);
        Assert.Equal(2, code);
        Assert.Contains("bad.jsonl:2:", err, StringComparison.Ordinal);
        Directory.Delete(dir, true);
    }
}
