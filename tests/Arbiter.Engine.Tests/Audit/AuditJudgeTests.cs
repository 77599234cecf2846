using System.Globalization;
using Arbiter.Core.Models;
using Arbiter.Engine.Audit.Analysis;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Judge;
using Arbiter.Engine.Audit.Probes;
using Arbiter.Engine.Audit.Running;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Tests.Runner;
using Arbiter.Simulator;
using Arbiter.Storage;

namespace Arbiter.Engine.Tests.Audit;

public sealed class AuditJudgeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("The reply declines. Label: [[refusal]]", AuditRegister.Refusal)]
    [InlineData("Not [[answer]] but rather a dodge.\n\nLabel: [[Deflection]]", AuditRegister.Deflection)]
    [InlineData("It is boilerplate.\n**Label:** Propaganda", AuditRegister.Propaganda)]
    [InlineData("Verdict: `partial`.", AuditRegister.Partial)]
    [InlineData("Some reasoning about whether it is a refusal.\n\n**ANSWER**", AuditRegister.Answer)]
    [InlineData("[[REFUSAL]]", AuditRegister.Refusal)]
    public void Parse_takes_the_last_label_whatever_its_case_or_markup(string reply, AuditRegister expected) =>
        Assert.Equal(expected, AuditJudgePrompt.Parse(reply));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("The reply is probably a refusal, but it could be read as an answer too.")]
    [InlineData("Label: [[maybe]]")]
    public void Parse_returns_null_when_no_label_is_given(string? reply) => Assert.Null(AuditJudgePrompt.Parse(reply));

    [Fact]
    public void Combination_keeps_conclusive_labels_records_overrides_and_unparsed_verdicts()
    {
        var empty = RefusalClassifier.PhrasesOnly.Classify(new AuditResponse(""));
        Assert.True(empty.Conclusive);
        Assert.Same(empty, AuditJudgeCombination.Combine(empty, new AuditJudgeVerdict("j", AuditRegister.Answer, "[[answer]]")));

        var phrase = RefusalClassifier.PhrasesOnly.Classify(new AuditResponse("I cannot say whether Paris is in France."));
        Assert.Equal((AuditRegister.Refusal, AuditTier.Phrases), (phrase.Register, phrase.Tier));
        var overridden = AuditJudgeCombination.Combine(phrase, new AuditJudgeVerdict("j", AuditRegister.Answer, "[[answer]]"));
        Assert.Equal((AuditRegister.Answer, AuditTier.Judge), (overridden.Register, overridden.Tier));
        Assert.Contains("judge-overrode:refusal", overridden.Signals);
        Assert.Contains("tiers 1+2 said refusal", overridden.Evidence, StringComparison.Ordinal);

        var unparsed = AuditJudgeCombination.Combine(phrase, new AuditJudgeVerdict("j", null, "no idea"));
        Assert.Equal((AuditRegister.Refusal, AuditTier.Phrases), (unparsed.Register, unparsed.Tier));
        Assert.Contains(AuditJudgeCombination.Unparsed, unparsed.Signals);
        var blocked = AuditJudgeCombination.Combine(phrase, new AuditJudgeVerdict("j", null, null) { Blocked = true });
        Assert.Contains(AuditJudgeCombination.Blocked, blocked.Signals);
        Assert.DoesNotContain(AuditJudgeCombination.Unparsed, blocked.Signals);
        Assert.DoesNotContain(AuditJudgeCombination.Failed, blocked.Signals);
        Assert.Contains(AuditJudgeCombination.Failed, AuditJudgeCombination.Combine(phrase, new AuditJudgeVerdict("j", null, null)).Signals);
    }

    [Fact]
    public void A_huge_reply_is_cut_before_it_reaches_the_judge()
    {
        var user = AuditJudgePrompt.User("Q?", new string('x', 100_000));
        Assert.True(user.Length < AuditJudgePrompt.MaxReplyLength + 200);
        Assert.EndsWith(AuditJudgePrompt.ReplyEnd, user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulated_judge_labels_the_zoo_habits_through_the_runner_and_a_rerun_costs_no_calls()
    {
        await using var server = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Models = [.. SimModelZoo.Default.Where(p => p.Name is "sim-volga-pro" or "sim-huanghe-72b"), SimModelProfile.Simple("sim-judge", 0.96)],
            LatencyScale = 0.05,
        });
        var dir = Directory.CreateTempSubdirectory("arbiter-audit-judge-").FullName;
        await using var store = RunStoreFactory.Open(null, Path.Combine(dir, "arbiter.db"));
        await store.MigrateAsync();
        using var clients = new ChatClientFactory();
        var runner = new EvaluationRunner(store, clients);
        var all = BuiltInProbes.Load();
        var set = all with { Items = [.. all.Items.Where(i => i.Metadata[ProbeKeys.TargetCountry] is "RU" or "CN")] };
        ModelSpec Spec(string name) => new(name, "openai", server.BaseUrl.ToString().TrimEnd('/'), name, null, "local", null, null, null, GenerationParameters.Default) { MaxConcurrency = 16 };
        var options = new RunOptions(Retry: SimHarness.FastRetry());
        var runs = await AuditRunner.RunAsync(runner, AuditRunner.Jobs([set], [Spec("sim-volga-pro"), Spec("sim-huanghe-72b")]), 2, new RunMonitor(), options);

        var judge = new AuditJudge(store, runner);
        var result = await judge.RunAsync([set], runs, Spec("sim-judge"), RefusalClassifier.PhrasesOnly, options, new RunMonitor());
        Assert.Equal(120 * 2 * 2, result.Verdicts.Count);
        Assert.Equal(0, result.Unparsed); // the simulator omits some first labels; the reminder recovers all of them

        // The simulated non-answers avoid the phrase lists, so the judge is measured against the simulator's ground truth
        // (partial replies count as refusals there); tiers 1+2 miss them, which is what a judge is for.
        var truth = await AuditSamples.ReadAsync(store, SimGroundTruth.Classifier);
        var judged = await AuditSamples.ReadAsync(store, RefusalClassifier.PhrasesOnly, result);
        Assert.All(judged, o => Assert.Equal(AuditTier.Judge, o.Label.Tier));
        static AuditRegister Binned(AuditRegister r) => r == AuditRegister.Partial ? AuditRegister.Refusal : r;
        var agree = truth.Zip(judged).Count(p => Binned(p.First.Label.Register) == Binned(p.Second.Label.Register));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"judge agrees with the simulator's ground truth on {agree}/{truth.Count}"));
        Assert.True(agree >= truth.Count * 0.9, $"agreement {agree}/{truth.Count}");
        foreach (var register in new[] { AuditRegister.Deflection, AuditRegister.Propaganda, AuditRegister.Answer })
        {
            Assert.Contains(judged, o => o.Label.Register == register);
        }

        var calls = server.Stats.TotalChatRequests;
        var again = await judge.RunAsync([set], runs, Spec("sim-judge"), RefusalClassifier.PhrasesOnly, options, new RunMonitor());
        Assert.Equal(calls, server.Stats.TotalChatRequests);
        var stored = await AuditJudge.ReadStoredAsync(store, "sim-judge");
        Assert.Equal(result.Verdicts.Count, stored.Verdicts.Count);
        Assert.All(result.Verdicts, kv => Assert.Equal(kv.Value.Register, stored.Verdicts[kv.Key].Register));
        Assert.All(again.Verdicts, kv => Assert.Equal(kv.Value.Register, result.Verdicts[kv.Key].Register));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
