using System.Text.Json;

namespace Arbiter.Cli.Tests;

/// <summary>Which store a command reads, which runs it reports, and what its exit code and errors say.</summary>
public sealed class RunRecordCliTests
{
    [Fact]
    public async Task A_user_suite_named_judge_x_appears_in_runs_and_report()
    {
        await using var ws = await CliWorkspace.CreateAsync(6);
        var suiteYaml = Path.Combine(ws.Dir, "suite", "suite.yaml");
        await File.WriteAllTextAsync(suiteYaml, (await File.ReadAllTextAsync(suiteYaml)).Replace("id: cli-suite", "id: judge-x", StringComparison.Ordinal));
        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet");
        Assert.True(code == 0, err);

        var (listCode, list, listErr) = await CliProcess.RunAsync(ws.Dir, null, "runs", "list", "--format", "json");
        Assert.True(listCode == 0, listErr);
        Assert.Contains("judge-x", list, StringComparison.Ordinal);
        var (reportCode, report, reportErr) = await CliProcess.RunAsync(ws.Dir, null, "report", "--format", "json", "--out", "-");
        Assert.True(reportCode == 0, reportErr);
        Assert.Contains("judge-x", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_commands_use_the_database_named_in_the_config_and_create_no_other()
    {
        await using var ws = await CliWorkspace.CreateAsync(6);
        var config = Path.Combine(ws.Dir, "arbiter.yaml");
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config)).Replace("  maxRetries: 2", "  maxRetries: 2\n  database: data/results.db", StringComparison.Ordinal));
        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet");
        Assert.True(code == 0, err);
        (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet", "-m", "sim-cli", "--fresh");
        Assert.True(code == 0, err);

        var (listCode, list, listErr) = await CliProcess.RunAsync(ws.Dir, null, "runs", "list", "--format", "json");
        Assert.True(listCode == 0, listErr);
        using (var doc = JsonDocument.Parse(list)) Assert.Equal(2, doc.RootElement.GetProperty("runs").GetArrayLength());
        var (reportCode, report, reportErr) = await CliProcess.RunAsync(ws.Dir, null, "report", "--format", "md", "--out", "-");
        Assert.True(reportCode == 0, reportErr);
        Assert.Contains("cli-suite", report, StringComparison.Ordinal);
        var (compareCode, _, compareErr) = await CliProcess.RunAsync(ws.Dir, null, "compare", "all");
        // One model: nothing to pair, but the runs were found (not "0 run(s) selected" from an empty file).
        Assert.Equal(2, compareCode);
        Assert.DoesNotContain("0 run(s)", compareErr, StringComparison.Ordinal);

        Assert.True(File.Exists(Path.Combine(ws.Dir, "data", "results.db")));
        Assert.False(File.Exists(ws.Db), "a reading command created ./arbiter.db");
    }

    [Theory]
    [InlineData("runs", "list")]
    [InlineData("report", "--out", "-")]
    [InlineData("compare")]
    public async Task A_reading_command_on_a_database_that_does_not_exist_exits_2_and_creates_nothing(params string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-cli-nodb-").FullName;
        try
        {
            var (code, _, err) = await CliProcess.RunAsync(dir, null, [.. args, "--db", "nothing-here.db"]);

            Assert.Equal(2, code);
            Assert.Contains("nothing-here.db", err, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "nothing-here.db")));
            Assert.False(File.Exists(Path.Combine(dir, "arbiter.db")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--suite", "-s", "./no-such-suite")]
    [InlineData("--model", "-m", "no-such-model")]
    [InlineData("--resume", "--resume", "rno-such-run")]
    public async Task A_bad_flag_value_is_blamed_on_the_flag_not_on_the_config_file(string flag, string given, string value)
    {
        await using var ws = await CliWorkspace.CreateAsync(3);
        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet", given, value);

        Assert.Equal(2, code);
        Assert.Contains(flag, err, StringComparison.Ordinal);
        Assert.Contains(value.TrimStart('.', '/'), err, StringComparison.Ordinal);
        Assert.DoesNotContain("arbiter.yaml:1:1", err, StringComparison.Ordinal);
        Assert.Equal(0, ws.Server.Stats.TotalChatRequests);
    }

    [Fact]
    public async Task A_run_where_every_call_failed_exits_4()
    {
        // The server wants a key the config does not send: every call is a 401.
        await using var ws = await CliWorkspace.CreateAsync(4, expectedKey: "sk-needed");
        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet");

        Assert.Equal(4, code);
        Assert.Contains("every model call", err, StringComparison.Ordinal);
        Assert.All(await ws.SamplesAsync(), s => Assert.Equal(Core.Runs.SampleStatus.Error, s.Response.Status));
    }

    [Fact]
    public async Task Changing_stream_starts_a_new_run_and_resuming_with_another_mode_says_so()
    {
        await using var ws = await CliWorkspace.CreateAsync(4);
        var (code, first, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--format", "json");
        Assert.True(code == 0, err);
        (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet", "--stream", "auto");
        Assert.True(code == 0, err);

        var (_, list, _) = await CliProcess.RunAsync(ws.Dir, null, "runs", "list", "--format", "json");
        using (var doc = JsonDocument.Parse(list)) Assert.Equal(2, doc.RootElement.GetProperty("runs").GetArrayLength());
        string runId;
        using (var doc = JsonDocument.Parse(first)) runId = doc.RootElement.GetProperty("runs")[0].GetProperty("runId").GetString()!;
        var (resumeCode, _, resumeErr) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet", "--resume", runId, "--stream");
        Assert.True(resumeCode == 0, resumeErr);
        Assert.Contains($"run {runId} was made with stream: false", resumeErr, StringComparison.Ordinal);
    }
}
