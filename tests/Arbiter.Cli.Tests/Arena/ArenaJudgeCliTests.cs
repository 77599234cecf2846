using System.Globalization;
using System.Text;
using Arbiter.Simulator;

namespace Arbiter.Cli.Tests.Arena;

public sealed class ArenaJudgeCliTests
{
    [Fact]
    public async Task Judge_prints_win_rates_and_stores_battles_for_the_leaderboard()
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-judge-cli-").FullName;
        var suiteDir = Path.Combine(dir, "suite");
        Directory.CreateDirectory(suiteDir);
        await File.WriteAllTextAsync(Path.Combine(suiteDir, "suite.yaml"), "id: jq\nversion: \"1\"\ndomain: science\nlanguage: en\n", TestContext.Current.CancellationToken);
        var lines = new StringBuilder();
        for (var i = 1; i <= 24; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $$"""{"id":"q{{i:D3}}","input":"Which option is number {{i % 4 + 1}} in case {{i}}?","choices":["one","two","three","four"],"target":"{{(char)('A' + (i % 4))}}"}""").Append('\n');
        }

        await File.WriteAllTextAsync(Path.Combine(suiteDir, "items.jsonl"), lines.ToString(), TestContext.Current.CancellationToken);
        await using var server = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Models = [SimModelProfile.Simple("strong", 0.95), SimModelProfile.Simple("base", 0.5), SimModelProfile.Simple("judge", 0.95)],
            Knowledge = SimKnowledge.FromSuites([Engine.Suites.SuiteLoader.Load(suiteDir)]),
        });
        var models = string.Concat(new[] { "strong", "base", "judge" }.Select(m => $"  - id: {m}\n    baseUrl: {server.BaseUrl}\n    model: {m}\n    jurisdiction: local\n"));
        await File.WriteAllTextAsync(Path.Combine(dir, "arbiter.yaml"), $"models:\n{models}suites:\n  - ./suite\n", TestContext.Current.CancellationToken);
        try
        {
            var (code, output, err) = await CliProcess.RunAsync(dir, null, "arena", "judge", "--suite", "./suite", "--baseline", "base", "--judge", "judge", "--quiet");
            Assert.True(code == 0, err + output);
            Assert.Contains("Win rate vs base", output, StringComparison.Ordinal);
            Assert.Contains("strong", output, StringComparison.Ordinal);
            Assert.Contains("battle row(s) stored", output, StringComparison.Ordinal);

            (code, output, err) = await CliProcess.RunAsync(dir, null, "arena", "leaderboard", "--anchor", "base=1000", "--rounds", "20");
            Assert.True(code == 0, err);
            var strongLine = output.Split('\n').Single(l => l.Contains(" strong ", StringComparison.Ordinal));
            Assert.StartsWith("│         1 │", strongLine, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
