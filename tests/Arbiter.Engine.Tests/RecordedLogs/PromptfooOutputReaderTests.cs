using System.Text.Json.Nodes;
using Arbiter.Core.Storage;
using Arbiter.Engine.Providers.Replay;
using Arbiter.Engine.RecordedLogs;
using Arbiter.Storage;

namespace Arbiter.Engine.Tests.RecordedLogs;

/// <summary>
/// promptfoo output JSON as a recorded log. The fixture is promptfoo's own test/__fixtures__/sample-export.json (MIT; source,
/// commit and shape in Fixtures/Promptfoo/NOTICE): two providers, two riddles, asserts contains + llm-rubric plus a
/// latency and a cost threshold that failed every test.
/// </summary>
public sealed class PromptfooOutputReaderTests : IAsyncDisposable
{
    private readonly IArbiterStore _store = RunStoreFactory.Open(null, Path.Combine(Directory.CreateTempSubdirectory("arbiter-pfout-").FullName, "arbiter.db"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Promptfoo", "output", "sample-export.json");

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task The_real_export_gives_one_providers_answers_prompts_and_the_verdict_of_the_asserts_arbiter_checks()
    {
        var log = await RecordedLogReader.ReadAsync(Fixture, model: "openai:gpt-5", cancellationToken: Ct);

        Assert.Equal(("promptfoo-output", "eval-WJi-2025-10-01T20:08:11", "openai:gpt-5"), (log.Format, log.SourceId, log.Model));
        Assert.Equal("Comparing OpenAI flagship and mini models performance on riddles", log.Task);
        Assert.Equal(["0", "1"], log.Samples.Select(s => s.Id));
        var echo = log.Samples[0];
        Assert.Equal("An echo.", echo.Answer);
        Assert.StartsWith("Solve this riddle: I speak without a mouth", echo.Question, StringComparison.Ordinal);
        Assert.Equal((37L, 204L, 6197.0, "stop"), (echo.Usage.Input, echo.Usage.Output, echo.LatencyMs, echo.FinishReason));
        // promptfoo failed the test on latency and cost; the asserts Arbiter checks too (contains, llm-rubric) passed.
        Assert.Null(echo.Error);
        Assert.Equal((1.0, "pass (contains, llm-rubric)"), (echo.Score!.Value, echo.Score.Raw));
        Assert.Equal("rubric", echo.Scorer!.Kind);
        Assert.Equal(["assert=contains", "value=echo", "rubric=Do not apologize"], echo.Scorer.Options!.Select(o => $"{o.Key}={o.Value}"));
    }

    [Fact]
    public async Task A_log_of_several_providers_needs_one_named_and_says_which_it_holds()
    {
        var ex = await Assert.ThrowsAsync<LogFormatException>(() => RecordedLogReader.ReadAsync(Fixture, cancellationToken: Ct));
        Assert.Contains("the log holds 2 providers (openai:gpt-5-mini, openai:gpt-5)", ex.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<LogFormatException>(() => RecordedLogReader.ReadAsync(Fixture, model: "openai:gpt-4o", cancellationToken: Ct));
        Assert.Contains("provider 'openai:gpt-4o' is not in the log", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replaying_deterministic_asserts_agrees_item_by_item_and_a_failed_call_is_unanswered()
    {
        await _store.MigrateAsync(Ct);
        // The export with its llm-rubric asserts left out (a replay without a judge checks only the deterministic ones),
        // the mini model's first answer flipped to fail promptfoo's contains, and its second call failed (failureReason 2).
        var root = JsonNode.Parse(await File.ReadAllTextAsync(Fixture, Ct))!;
        foreach (var r in root["results"]!["results"]!.AsArray())
        {
            Strip(r!["testCase"]!["assert"]!.AsArray(), a => (string?)a["type"] == "llm-rubric");
            Strip(r["gradingResult"]!["componentResults"]!.AsArray(), c => (string?)c["assertion"]!["type"] == "llm-rubric");
        }

        var mini = root["results"]!["results"]!.AsArray().Where(r => (string?)r!["provider"]!["id"] == "openai:gpt-5-mini").ToList();
        var contains = mini[0]!["gradingResult"]!["componentResults"]!.AsArray().Single(c => (string?)c!["assertion"]!["type"] == "contains")!;
        contains["pass"] = false; // promptfoo said fail…
        mini[1]!["failureReason"] = 2;
        mini[1]!["response"] = new JsonObject { ["error"] = "API error: 503" };
        var path = Path.Combine(Directory.CreateTempSubdirectory("arbiter-pfout-").FullName, "out.json");
        await File.WriteAllTextAsync(path, root.ToJsonString(), Ct);

        var log = await RecordedLogReader.ReadAsync(path, model: "openai:gpt-5-mini", cancellationToken: Ct);
        var agreement = await ReplayRunner.RunAsync(_store, ReplayRunner.SuiteOf(log), new ReplayModel(log), cancellationToken: Ct);

        // …while the answer does contain "echo": Arbiter's contains says pass, and the row shows the disagreement.
        var d = Assert.Single(agreement.Disagreements);
        Assert.Equal(("0", 0.0, 1.0), (d.ItemId, d.Recorded, d.Arbiter));
        Assert.Equal((1, 0), (agreement.Compared, agreement.Agreed));
        Assert.Equal(1, agreement.Unanswered);
        Assert.Contains("API error: 503", agreement.Rows[1].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_a_rubric_item_is_left_unscored_and_says_it_needs_a_judge()
    {
        await _store.MigrateAsync(Ct);
        var log = await RecordedLogReader.ReadAsync(Fixture, model: "openai:gpt-5", cancellationToken: Ct);

        var agreement = await ReplayRunner.RunAsync(_store, ReplayRunner.SuiteOf(log), new ReplayModel(log), cancellationToken: Ct);

        Assert.Equal(0, agreement.Compared);
        Assert.All(agreement.Rows, r => Assert.Contains("rubric judge", r.Explanation, StringComparison.Ordinal));
    }

    private static void Strip(JsonArray list, Func<JsonNode, bool> drop)
    {
        foreach (var n in list.Where(n => drop(n!)).ToList()) list.Remove(n);
    }
}
