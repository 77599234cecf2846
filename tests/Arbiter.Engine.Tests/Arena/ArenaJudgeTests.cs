using Arbiter.Core.Arena;
using Arbiter.Core.Models;
using Arbiter.Engine.Arena;
using Arbiter.Engine.Arena.Judge;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Tests.Runner;
using Arbiter.Simulator;
using Arbiter.Storage;

namespace Arbiter.Engine.Tests.Arena;

public sealed class ArenaJudgeTests
{
    [Theory]
    [InlineData("Reasoning first. My final verdict is: [[B>A]]", Verdict.BBetter)]
    [InlineData("[[A>>B]] at first, but on reflection [[A=B]]", Verdict.Tie)]
    [InlineData("Assistant A: [[A>B]]", Verdict.ABetter)]
    [InlineData("[[B>>A]]", Verdict.BMuchBetter)]
    [InlineData("I prefer A.", null)]
    [InlineData("[[A]]", null)]
    [InlineData("", null)]
    public void The_last_label_is_the_verdict(string reply, Verdict? expected) => Assert.Equal(expected, JudgePrompt.Parse(reply));

    [Fact]
    public async Task Judging_candidates_against_a_baseline_ranks_them_and_a_rerun_costs_no_calls()
    {
        var ct = TestContext.Current.CancellationToken;
        var suite = SimHarness.MakeSuite(40, "jq");
        await using var server = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Models = [SimModelProfile.Simple("strong", 0.95), SimModelProfile.Simple("base", 0.6), SimModelProfile.Simple("weak", 0.2), SimModelProfile.Simple("judge", 0.95)],
            Knowledge = SimKnowledge.FromSuites([suite]),
        });
        var dir = Directory.CreateTempSubdirectory("arbiter-judge-").FullName;
        try
        {
            await using var store = RunStoreFactory.Open(null, Path.Combine(dir, "arbiter.db"));
            await store.MigrateAsync(ct);
            using var clients = new ChatClientFactory();
            ModelSpec Model(string name) => new(name, "openai", server.BaseUrl.ToString().TrimEnd('/'), name, null, "local", null, null, null, GenerationParameters.Default);
            var judge = new ArenaJudge(store, new EvaluationRunner(store, clients));
            var options = new RunOptions(Retry: SimHarness.FastRetry());

            var first = new RunMonitor();
            var result = await judge.RunAsync(suite, Model("base"), [Model("strong"), Model("weak")], Model("judge"), options, first, cancellationToken: ct);

            // 40 questions × 2 candidates × 2 games, minus the few the judge left unlabelled twice.
            int verdicts = result.Battles.Select(b => b.BattleId[..b.BattleId.LastIndexOf(':')]).Distinct().Count();
            Assert.Equal(160, verdicts + result.Unparsed.Count);
            Assert.True(result.Unparsed.Count <= 4, $"{result.Unparsed.Count} unparsed");
            Assert.Equal(0, result.MissingAnswers);
            Assert.All(result.Battles, b => Assert.Equal("judge", b.Judge));
            Assert.Contains(result.Battles, b => b.ModelA == "base" && b.ModelB == "strong");
            Assert.Contains(result.Battles, b => b.ModelA == "strong" && b.ModelB == "base");
            var strong = result.Scores.Single(s => s.Model == "strong");
            var weak = result.Scores.Single(s => s.Model == "weak");
            Assert.True(strong.WinRate > 0.6 && weak.WinRate < 0.4, $"strong {strong.WinRate}, weak {weak.WinRate}");
            Assert.InRange(strong.WinRate, strong.Lower, strong.Upper);
            Assert.Equal(0.5, result.Scores.Single(s => s.Model == "base").WinRate);
            Assert.Equal(result.Battles.Count, await ((IBattleStore)store).CountBattlesAsync(new BattleFilter(Judge: "judge"), ct));

            var again = new RunMonitor();
            var rerun = await judge.RunAsync(suite, Model("base"), [Model("strong"), Model("weak")], Model("judge"), options, again, cancellationToken: ct);
            Assert.Equal(0, again.Done - again.CacheHits);
            Assert.Equal(result.Battles, rerun.Battles);
            Assert.Equal(result.Battles.Count, await ((IBattleStore)store).CountBattlesAsync(null, ct));
            var board = ArenaLeaderboard.Compute(rerun.Battles, new ArenaLeaderboardOptions { AnchorModel = "base", Rounds = 20 });
            Assert.Equal(["strong", "base", "weak"], board.Rows.Select(r => r.Model));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
