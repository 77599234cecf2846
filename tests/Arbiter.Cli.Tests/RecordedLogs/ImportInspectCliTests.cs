using System.Text.Json;

namespace Arbiter.Cli.Tests.RecordedLogs;

public sealed class ImportInspectCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-import-cli-").FullName;

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Inspect", name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Good_logs_are_imported_and_listed_and_a_malformed_one_is_named_writes_nothing_and_exits_2()
    {
        var bad = Path.Combine(_dir, "broken.json");
        await File.WriteAllTextAsync(bad, """{"version": 2, "eval": {"task": "t", "model": "m"}, "samples": [{"id": 1, "epoch": 1, "input": "q"}]}""", TestContext.Current.CancellationToken);

        var (code, output, err) = await CliProcess.RunAsync(_dir, null, "import", "inspect",
            Fixture("log_streaming.eval"), bad, Fixture("2025-05-12T20-28-13-04-00_popularity.json"));

        Assert.Equal(2, code);
        Assert.Contains($"error: {bad}: samples[0]: required field 'target' is missing (nothing imported from this file)", err, StringComparison.Ordinal);
        Assert.Contains("popularity × azureai/Meta-Llama-3-1-405B-Instruct-jqf, 4 sample(s), 0 error(s), accuracy 75.0% (scorer match)", output, StringComparison.Ordinal);
        Assert.Contains("popularity × openai/gpt-4o-mini, 3 sample(s), 0 error(s), accuracy 66.7%", output, StringComparison.Ordinal);

        var (listCode, list, listErr) = await CliProcess.RunAsync(_dir, null, "runs", "list", "--format", "json");
        Assert.True(listCode == 0, listErr);
        using var json = JsonDocument.Parse(list);
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("model").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["azureai/Meta-Llama-3-1-405B-Instruct-jqf", "openai/gpt-4o-mini"], runs);

        // The two imported models share a suite, so they pair in compare like Arbiter's own runs.
        var (compareCode, compare, compareErr) = await CliProcess.RunAsync(_dir, null, "compare", "--format", "json");
        Assert.True(compareCode == 0, compareErr);
        Assert.Contains("openai/gpt-4o-mini", compare, StringComparison.Ordinal);

        var (againCode, again, _) = await CliProcess.RunAsync(_dir, null, "import", "inspect", Fixture("log_streaming.eval"));
        Assert.Equal(0, againCode);
        Assert.Contains("already imported as run", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lm_eval_samples_import_with_the_recorded_metric()
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "Fixtures", "LmEval", "samples_mmlu_generative_issue2279.jsonl");
        var (code, output, err) = await CliProcess.RunAsync(_dir, null, "import", "lm-eval", samples, "--model", "qwen2.5-32b", "--suite", "mmlu_generative");

        Assert.True(code == 0, err);
        Assert.Contains("mmlu_generative × qwen2.5-32b, 2 sample(s), 0 error(s), accuracy 0.0% (scorer exact_match)", output, StringComparison.Ordinal);
    }
}
