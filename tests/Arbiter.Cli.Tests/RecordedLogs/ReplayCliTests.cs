using System.Text.Json;

namespace Arbiter.Cli.Tests.RecordedLogs;

public sealed class ReplayCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-replay-cli-").FullName;

    private static string LmEval => Path.Combine(AppContext.BaseDirectory, "Fixtures", "LmEval", "samples_mmlu_generative_issue2279.jsonl");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Replay_prints_agreement_and_lists_the_disagreement_and_json_has_every_row()
    {
        var (code, output, err) = await CliProcess.RunAsync(_dir, null, "replay", LmEval, "--model", "qwen");
        Assert.True(code == 0, err);
        Assert.Contains("Agreement with the recorded exact_match: 1 of 2 sample(s), 50.0%", output, StringComparison.Ordinal);
        Assert.Contains("Disagreements (1)", output, StringComparison.Ordinal);
        Assert.Contains("answer contains \"B\" as whole words", output, StringComparison.Ordinal);

        var (jsonCode, json, jsonErr) = await CliProcess.RunAsync(_dir, null, "replay", LmEval, "--model", "qwen", "--format", "json");
        Assert.True(jsonCode == 0, jsonErr);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(2, doc.RootElement.GetProperty("rows").GetArrayLength());
        Assert.Equal(50.0, doc.RootElement.GetProperty("agreePercent").GetDouble());

        var (listCode, list, _) = await CliProcess.RunAsync(_dir, null, "runs", "list");
        Assert.Equal(0, listCode);
        Assert.Contains("replay:qwen", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_log_or_an_unknown_scorer_is_a_usage_error_naming_it()
    {
        var (code, _, err) = await CliProcess.RunAsync(_dir, null, "replay", "absent.eval");
        Assert.Equal(2, code);
        Assert.Contains("error: absent.eval: no such file", err, StringComparison.Ordinal);

        var (scorerCode, _, scorerErr) = await CliProcess.RunAsync(_dir, null, "replay", LmEval, "--scorer", "fuzzy");
        Assert.Equal(2, scorerCode);
        Assert.Contains("--scorer: unknown scorer 'fuzzy'", scorerErr, StringComparison.Ordinal);
    }
}

/// <summary><c>arbiter run</c> with a <c>provider: replay</c> model: no endpoint, the recorded answers re-scored, agreement printed and reported.</summary>
public sealed class ReplayRunCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-replay-run-").FullName;

    private static string LmEval => Path.Combine(AppContext.BaseDirectory, "Fixtures", "LmEval", "samples_mmlu_generative_issue2279.jsonl");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task WriteWorkspaceAsync(string log)
    {
        var suite = Path.Combine(_dir, "suite");
        Directory.CreateDirectory(suite);
        await File.WriteAllTextAsync(Path.Combine(suite, "suite.yaml"), "id: kant\nversion: \"1\"\ndomain: philosophy\nlanguage: en\nscorer: contains\n");
        // The user's own items: found in the log by question text (the log's prompt holds it after the few-shot examples).
        await File.WriteAllTextAsync(Path.Combine(suite, "items.jsonl"), """
            {"id":"kant-1","input":"According to Kant, morality requires us to:","target":"B"}
            {"id":"absent","input":"What is the capital of Peru?","target":"Lima"}

            """);
        await File.WriteAllTextAsync(Path.Combine(_dir, "arbiter.yaml"), $"models:\n  - id: recorded\n    provider: replay\n    log: {log}\n    model: qwen\nsuites:\n  - ./suite\n");
    }

    [Fact]
    public async Task Run_rescores_the_recorded_answers_prints_agreement_and_the_report_lists_it_item_by_item()
    {
        await WriteWorkspaceAsync(LmEval);

        var (code, output, err) = await CliProcess.RunAsync(_dir, null, "run", "--quiet");

        Assert.True(code == 0, err + output);
        Assert.Contains("Replay of recorded on kant", output, StringComparison.Ordinal);
        // lm-eval's exact_match scored " B" 0; Arbiter's contains scorer reads B.
        Assert.Contains("Agreement with the recorded exact_match: 0 of 1 sample(s), 0.0%", output, StringComparison.Ordinal);
        Assert.Contains("1 sample(s) had no answer to score", output, StringComparison.Ordinal);

        var (reportCode, report, reportErr) = await CliProcess.RunAsync(_dir, null, "report", "--format", "md", "--out", "-");
        Assert.True(reportCode == 0, reportErr);
        Assert.Contains("## Agreement with recorded scores", report, StringComparison.Ordinal);
        Assert.Contains("| kant-1 | 1 | 0.0 | 1 | ✗ |", report, StringComparison.Ordinal);

        // --format json carries the same agreement (the re-run is answered from the store: the log did not change).
        var (jsonCode, json, jsonErr) = await CliProcess.RunAsync(_dir, null, "run", "--format", "json");
        Assert.True(jsonCode == 0, jsonErr);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var replay = Assert.Single(doc.RootElement.GetProperty("replays").EnumerateArray());
        Assert.Equal("exact_match", replay.GetProperty("recordedScorer").GetString());
        Assert.Equal(1, replay.GetProperty("compared").GetInt32());
        Assert.Equal(0, replay.GetProperty("agreed").GetInt32());
        Assert.Equal(doc.RootElement.GetProperty("runs")[0].GetProperty("runId").GetString(), replay.GetProperty("runId").GetString());
    }

    [Fact]
    public async Task A_missing_or_malformed_log_is_a_usage_error_and_stores_nothing()
    {
        await WriteWorkspaceAsync("absent.jsonl");
        var (code, _, err) = await CliProcess.RunAsync(_dir, null, "run", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("model 'recorded' (provider: replay): no log file", err, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(_dir, "broken.json"), "{\"results\": [");
        await WriteWorkspaceAsync("broken.json");
        var (brokenCode, _, brokenErr) = await CliProcess.RunAsync(_dir, null, "run", "--quiet");
        Assert.Equal(2, brokenCode);
        Assert.Contains("broken.json: invalid JSON", brokenErr, StringComparison.Ordinal);
        var (_, list, _) = await CliProcess.RunAsync(_dir, null, "runs", "list");
        Assert.DoesNotContain("kant", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replay_model_on_a_cluster_is_a_usage_error_before_any_database_is_opened()
    {
        await WriteWorkspaceAsync(LmEval);
        // Nothing listens on port 1: the refusal must come before the store is opened.
        var (code, _, err) = await CliProcess.RunAsync(_dir, null, "run", "--quiet", "--cluster", "--database-url", "postgres://arbiter@127.0.0.1:1/arbiter");
        Assert.Equal(2, code);
        Assert.Contains("model 'recorded' replays a recorded log, which runs locally", err, StringComparison.Ordinal);
    }
}
