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
