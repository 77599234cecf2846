using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Scoring.Rubric;

namespace Arbiter.Engine.Tests.Runner;

/// <summary>
/// <c>scorer: rubric</c> against the loopback simulator, whose rubric judge passes an output that contains the rubric's
/// quoted phrase, fails it otherwise, and answers with no verdict when the rubric quotes nothing.
/// </summary>
public sealed class RubricScoringTests
{
    private const int Items = 12;

    // Numeric items (every 4th) get a rubric quoting their target; the others a rubric the judge cannot apply.
    private static Suite RubricSuite(Confidentiality confidentiality = Confidentiality.Public)
    {
        var suite = SimHarness.MakeSuite(Items, "rub");
        var items = suite.Items.Select(i => i with
        {
            Scorer = new ScorerSpec(RubricScorer.Kind)
            {
                Options = [new("rubric", i.Choices is null ? $"The answer is \"{i.Target}\"" : "The answer is helpful"), new("judge", "judge")],
            },
        }).ToList();
        return suite with { Items = items, Confidentiality = confidentiality };
    }

    private static RunOptions Options(SimHarness h, string judgeJurisdiction = "local") =>
        new(Retry: SimHarness.FastRetry()) { JudgeModels = [h.Model() with { Id = "judge", Jurisdiction = judgeJurisdiction }] };

    [Fact]
    public async Task The_judge_grades_each_answer_and_replies_without_a_verdict_are_counted_not_scored()
    {
        await using var h = await SimHarness.StartAsync(suite: RubricSuite());
        var (runs, _) = await h.RunAsync(h.Model(), Options(h));
        var run = Assert.Single(runs);
        Assert.Equal(RunStatus.Completed, run.Status);
        var samples = await h.SamplesAsync(run.RunId);
        Assert.Equal(Items, samples.Count);
        foreach (var s in samples)
        {
            var item = h.Suite.Items.Single(i => i.Id == s.ItemId);
            if (item.Choices is null)
            {
                // PASS exactly when the answer holds the quoted target, as the simulated judge decides.
                Assert.NotNull(s.Score);
                Assert.Equal(s.Response.Text!.Contains(item.Target!, StringComparison.OrdinalIgnoreCase) ? 1 : 0, s.Score.Value);
                Assert.StartsWith("judge judge:", s.Score.Explanation, StringComparison.Ordinal);
            }
            else
            {
                Assert.Null(s.Score);
            }
        }

        // Model calls and judge calls: one each per item.
        Assert.Equal(2 * Items, h.Server.Stats.TotalChatRequests);
        var result = await RunResults.ComputeAsync(h.Store, run);
        Assert.Equal(Items - Items / 4, result.Unscored);
        Assert.Equal(samples.Sum(s => s.Score?.Value ?? 0) / Items, result.Accuracy.Mean, 6);

        // The judge's replies are kept in a run of their own, raw text included where it held no verdict.
        var judgeRuns = new List<RunRecord>();
        await foreach (var r in h.Store.ListRunsAsync()) if (r.Kind == RunKind.RubricJudge) judgeRuns.Add(r);
        var judgeRun = Assert.Single(judgeRuns);
        Assert.Equal(("judge", RunStatus.Completed), (judgeRun.ModelId, judgeRun.Status));
        var replies = await h.SamplesAsync(judgeRun.RunId);
        Assert.Equal(Items, replies.Count);
        Assert.Equal(Items - Items / 4, replies.Count(r => r.Score is null && r.Response.Text!.Contains("hard to apply", StringComparison.Ordinal)));

        // Every judge call is in the audit log as a judge call of the judge's run.
        var audit = new List<Core.Audit.AuditEntry>();
        await foreach (var e in ((IAuditLogStore)h.Store).ReadAuditLogAsync()) audit.Add(e);
        Assert.Equal(Items, audit.Count(e => e.Purpose == "judge" && e.Outcome == "ok"));

        var report = ReportBuilder.Build([new RunData(run, samples)]);
        Assert.Contains(report.Notices, n => n.Contains($"{Items - Items / 4} answers have no score", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Judge_calls_are_resumed_and_cached_like_every_call()
    {
        await using var h = await SimHarness.StartAsync(suite: RubricSuite());
        var (first, _) = await h.RunAsync(h.Model(), Options(h));
        h.Server.ResetStats();
        var (again, _) = await h.RunAsync(h.Model(), Options(h));
        Assert.Equal(first[0].RunId, again[0].RunId);
        Assert.Equal(0, h.Server.Stats.TotalChatRequests);

        // A fresh run answers from the cache, and its judge calls come from the cache too.
        var (fresh, _) = await h.RunAsync(h.Model(), Options(h) with { Fresh = true });
        Assert.NotEqual(first[0].RunId, fresh[0].RunId);
        Assert.Equal(0, h.Server.Stats.TotalChatRequests);
        var a = (await h.SamplesAsync(first[0].RunId)).ToDictionary(s => s.ItemId, s => s.Score?.Value);
        var b = (await h.SamplesAsync(fresh[0].RunId)).ToDictionary(s => s.ItemId, s => s.Score?.Value);
        Assert.Equal(a, b);

        // Another judge is another run: one judge's verdicts are never resumed as another's.
        var suite = h.Suite with { Items = [.. h.Suite.Items.Select(i => i with { Scorer = i.Scorer! with { Options = [.. i.Scorer.Options!.Where(o => o.Key != "judge")] } })] };
        using var clients = new Providers.ChatClientFactory();
        var other = Options(h) with { JudgeModels = [h.Model() with { Id = "judge2" }], RubricJudge = "judge2" };
        var runs = await new EvaluationRunner(h.Store, clients).RunAsync([new RunJob(suite, h.Model())], other, new RunMonitor());
        Assert.NotEqual(first[0].RunId, runs[0].RunId);
        Assert.Equal(0, h.Server.Stats.TotalChatRequests); // the same endpoint and model under another id: the cache answers
        var judged = new List<string>();
        await foreach (var r in h.Store.ListRunsAsync()) if (r.Kind == RunKind.RubricJudge) judged.Add(r.ModelId);
        Assert.Contains("judge2", judged);
    }

    [Fact]
    public async Task A_graded_run_stores_its_judge_so_a_resume_can_grade_with_the_same_one()
    {
        // No judge in the suite: the run's default judge (run.judge or --judge) grades it.
        var suite = RubricSuite();
        suite = suite with { Items = [.. suite.Items.Select(i => i with { Scorer = i.Scorer! with { Options = [.. i.Scorer.Options!.Where(o => o.Key != "judge")] } })] };
        await using var h = await SimHarness.StartAsync(suite: suite);
        var (runs, _) = await h.RunAsync(h.Model(), Options(h) with { RubricJudge = "judge" });

        var run = Assert.Single(runs);
        Assert.Equal("judge", RubricJudging.StoredJudge(run.ConfigJson));
        var judge = h.Model() with { Id = "judge" };
        var plain = RunKeys.SpecHash(suite, suite.Items, h.Model(), h.Model().Parameters, run.Epochs, Arbiter.Engine.Sovereignty.ResidencyPolicy.Default);
        Assert.Equal(run.SpecHash, RubricJudging.ExtendSpecHash(plain, suite, suite.Items, judge));
        Assert.Null(RubricJudging.StoredJudge("""{"stream":false}"""));
    }

    [Fact]
    public async Task The_residency_policy_keeps_confidential_answers_from_a_foreign_judge()
    {
        await using var h = await SimHarness.StartAsync(suite: RubricSuite(Confidentiality.Confidential));
        var (runs, _) = await h.RunAsync(h.Model(), Options(h, judgeJurisdiction: "US"));
        Assert.Equal(Items, h.Server.Stats.TotalChatRequests); // the local model answered; the US judge was never called
        var samples = await h.SamplesAsync(runs[0].RunId);
        Assert.All(samples, s => Assert.Null(s.Score));
        Assert.Equal(Items, (await RunResults.ComputeAsync(h.Store, runs[0])).Unscored);
    }

    [Fact]
    public async Task A_judge_that_is_not_configured_fails_before_anything_is_stored()
    {
        await using var h = await SimHarness.StartAsync(suite: RubricSuite());
        var error = await Assert.ThrowsAsync<InputException>(() => h.RunAsync(h.Model(), new RunOptions(Retry: SimHarness.FastRetry())));
        Assert.Contains("rubric judge 'judge' of suite 'rub' is not a model of arbiter.yaml", error.Message, StringComparison.Ordinal);
        await foreach (var _ in h.Store.ListRunsAsync()) Assert.Fail("a run was stored");
        Assert.Equal(0, h.Server.Stats.TotalChatRequests);
    }
}
