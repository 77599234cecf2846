using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Runs;
using Arbiter.Storage;

namespace Arbiter.Cli.Tests.Reports;

/// <summary><c>arbiter report</c> and <c>arbiter compare</c> against a store seeded with known runs.</summary>
public sealed class ReportCommandTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-report-").FullName;

    private string Db => Path.Combine(_dir, "arbiter.db");

    public async ValueTask InitializeAsync()
    {
        await using var store = RunStoreFactory.Open(null, Db);
        await store.MigrateAsync();
        await SeedAsync(store, "alpha", "quiz-ru", 0.9, """{"pricing":{"InputPerMillion":1,"OutputPerMillion":2,"Currency":"RUB"},"suite":{"Title":"Викторина"}}""");
        await SeedAsync(store, "beta", "quiz-ru", 0.3, """{"pricing":null,"suite":{"Title":"Викторина"}}""");
        await SeedAsync(store, "gamma", "other-zh", 0.5, """{"pricing":{"InputPerMillion":1,"OutputPerMillion":2,"Currency":"CNY"},"suite":{"Title":"测验"}}""");
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Report_writes_one_self_contained_html_file_and_prints_its_path()
    {
        var output = Path.Combine(_dir, "r.html");
        var (code, stdout, err) = await CliProcess.RunAsync(_dir, null, "report", "--db", Db, "--out", output);
        Assert.True(code == 0, err);
        Assert.Contains(Path.GetFileName(output), stdout, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(output);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.True(html.Split("<svg").Length - 1 >= 4, "expected inline SVG charts");
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.Contains("Викторина", html, StringComparison.Ordinal);
        Assert.Contains("测验", html, StringComparison.Ordinal);
        Assert.Contains("beta has no pricing: its cost is unknown", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_filters_by_model_and_writes_json_to_stdout()
    {
        var (code, stdout, err) = await CliProcess.RunAsync(_dir, null, "report", "--db", Db, "--model", "alpha", "--model", "beta", "--format", "json", "--out", "-");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(["alpha", "beta"], doc.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("model").GetString()));
        var alpha = doc.RootElement.GetProperty("models")[0];
        Assert.Equal("RUB", alpha.GetProperty("cost")[0].GetProperty("currency").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("models")[1].GetProperty("costPerCorrect").ValueKind);
    }

    [Fact]
    public async Task Compare_json_pairs_runs_of_the_same_suite_and_reports_the_run_it_cannot_pair()
    {
        var (code, stdout, err) = await CliProcess.RunAsync(_dir, null, "compare", "all", "--db", Db, "--format", "json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        var pair = doc.RootElement.GetProperty("groups")[0].GetProperty("pairs")[0];
        Assert.Equal(("alpha", "beta"), (pair.GetProperty("modelA").GetString(), pair.GetProperty("modelB").GetString()));
        Assert.Equal(40, pair.GetProperty("paired").GetInt32());
        Assert.True(pair.GetProperty("difference").GetDouble() < -0.4);
        Assert.True(pair.GetProperty("pValueHolm").GetDouble() < 0.001);
        Assert.Contains(doc.RootElement.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("gamma", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compare_table_prints_the_matrix()
    {
        var (code, stdout, err) = await CliProcess.RunAsync(_dir, null, "compare", "--db", Db, "--suite", "quiz-ru");
        Assert.True(code == 0, err);
        Assert.Contains("Suite quiz-ru", stdout, StringComparison.Ordinal);
        Assert.Contains("McNemar", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_refuses_runs_over_different_suites_with_exit_2_and_the_reason()
    {
        var (code, _, err) = await CliProcess.RunAsync(_dir, null, "compare", "r-alpha-quiz-ru", "r-gamma-other-zh", "--db", Db);
        Assert.Equal(2, code);
        Assert.Contains("runs over different suites are never paired", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_run_id_is_a_usage_error()
    {
        var (code, _, err) = await CliProcess.RunAsync(_dir, null, "report", "r-nope", "--db", Db, "--out", "-");
        Assert.Equal(2, code);
        Assert.Contains("no run with id 'r-nope'", err, StringComparison.Ordinal);
    }

    private static async Task SeedAsync(Core.Storage.IRunStore store, string model, string suite, double ability, string config)
    {
        var run = await store.UpsertRunAsync(new RunRecord($"r-{model}-{suite}", "h-" + model + suite, suite, "1", model, "quiz", suite[^2..], 40, 1, RunStatus.Completed, 1000, 2000) { ConfigJson = config });
        var samples = Enumerable.Range(0, 40).Select(i =>
        {
            // Deterministic: item i is correct when its position falls under the ability line.
            var correct = (i * 7 % 40) < ability * 40;
            var response = new ModelResponse("A", null, "stop", new TokenUsage(50, 5), 100 + i, 40 + i, 1, SampleStatus.Ok, ErrorKind.None, null);
            return (new SampleRecord(run.RunId, string.Create(CultureInfo.InvariantCulture, $"q{i:D2}"), 0, response, new ScoreResult(correct ? 1 : 0, "A", "t"), null, false, 1500), (string?)null);
        }).ToList();
        await store.WriteSamplesAsync(samples);
    }
}
