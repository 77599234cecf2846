using System.Globalization;
using Arbiter.Core.Arena;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Core.Suites;
using Arbiter.Engine.Runner;
using Arbiter.Statistics.Arena;

namespace Arbiter.Engine.Arena.Judge;

/// <summary>Settings of a judge run.</summary>
/// <param name="StrongVerdictWeight">Rows per strong verdict (arena-hard uses 3); 1 counts every verdict once.</param>
/// <param name="Rounds">Bootstrap rounds for the score intervals.</param>
/// <param name="Seed">Bootstrap seed.</param>
public sealed record ArenaJudgeOptions(int StrongVerdictWeight = 3, int Rounds = 100, ulong Seed = 42);

/// <summary>A judge reply that carried no label even after the reminder.</summary>
/// <param name="QuestionId">Question item id.</param>
/// <param name="Candidate">Candidate model.</param>
/// <param name="Game">1 (baseline is A) or 2 (candidate is A).</param>
/// <param name="Reply">The judge's last reply (or the error).</param>
public sealed record UnparsedVerdict(string QuestionId, string Candidate, int Game, string? Reply);

/// <summary>The outcome of a judge run.</summary>
/// <param name="Battles">Battle rows (strong verdicts repeated), also written to the store.</param>
/// <param name="Scores">Per model: BT-predicted win rate against the baseline with bootstrap bounds.</param>
/// <param name="Unparsed">Games without a verdict (the judge answered without a label, or its call failed).</param>
/// <param name="MissingAnswers">Games skipped because the candidate or baseline has no answer.</param>
public sealed record ArenaJudgeResult(IReadOnlyList<ArenaBattle> Battles, IReadOnlyList<WinRateEstimate> Scores, IReadOnlyList<UnparsedVerdict> Unparsed, int MissingAnswers)
{
    /// <summary>Games the residency policy kept from the judge: "blocked", not "unparsed" (never retried).</summary>
    public int BlockedByPolicy { get; init; }
}

/// <summary>
/// Arena-Hard-style LLM-as-judge: every candidate's answer is judged against the baseline's in two
/// games with positions swapped. Answers and verdicts both go through <see cref="EvaluationRunner"/>
/// (cache, resume, adaptive concurrency): the judge games are items of a generated "judgement suite",
/// so a repeated run costs no calls.
/// </summary>
public sealed class ArenaJudge(IRunStore store, EvaluationRunner runner)
{
    /// <summary>Runs answers, judgements and one retry for unlabelled replies; stores and returns the battles.</summary>
    public async Task<ArenaJudgeResult> RunAsync(Suite questions, ModelSpec baseline, IReadOnlyList<ModelSpec> candidates, ModelSpec judge,
        RunOptions runOptions, RunMonitor monitor, ArenaJudgeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(judge);
        options ??= new ArenaJudgeOptions();
        var models = candidates.Where(c => c.Id != baseline.Id).DistinctBy(c => c.Id).ToList();
        var answerRuns = await runner.RunAsync([.. models.Prepend(baseline).Select(m => new RunJob(questions, m))], runOptions with { Epochs = 1 }, monitor, cancellationToken).ConfigureAwait(false);
        var answers = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var run in answerRuns)
        {
            answers[run.ModelId] = await OkTextsAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        }

        var games = new List<Game>();
        int missing = 0;
        foreach (var item in questions.Items.Take(runOptions.Limit ?? int.MaxValue))
        {
            foreach (var m in models)
            {
                if (!answers[baseline.Id].TryGetValue(item.Id, out var baseAnswer) || !answers[m.Id].TryGetValue(item.Id, out var answer))
                {
                    missing += 2;
                    continue;
                }

                games.Add(new Game(item, m.Id, 1, baseline.Id, baseAnswer, m.Id, answer));
                games.Add(new Game(item, m.Id, 2, m.Id, answer, baseline.Id, baseAnswer));
            }
        }

        var judgeOptions = runOptions with { Epochs = 1, Limit = null, RunId = null };
        var replies = await JudgeAsync(questions, games, judge, reminder: false, judgeOptions, monitor, cancellationToken).ConfigureAwait(false);
        var unlabelled = games.Where(g => !replies.Blocked.Contains(g.Id) && JudgePrompt.Parse(replies.GetValueOrDefault(g.Id)) is null).ToList();
        if (unlabelled.Count > 0)
        {
            var retried = await JudgeAsync(questions, unlabelled, judge, reminder: true, judgeOptions, monitor, cancellationToken).ConfigureAwait(false);
            foreach (var (id, text) in retried) replies[id] = text;
            replies.Blocked.UnionWith(retried.Blocked);
        }

        var battles = new List<ArenaBattle>();
        var unparsed = new List<UnparsedVerdict>();
        var blocked = 0;
        foreach (var g in games)
        {
            var verdict = JudgePrompt.Parse(replies.GetValueOrDefault(g.Id));
            if (verdict is null && replies.Blocked.Contains(g.Id) && !replies.ContainsKey(g.Id))
            {
                blocked++;
                continue;
            }

            if (verdict is null)
            {
                unparsed.Add(new UnparsedVerdict(g.Item.Id, g.Candidate, g.Number, replies.GetValueOrDefault(g.Id)));
                continue;
            }

            battles.AddRange(ToBattles(g, verdict.Value, questions, judge.Id, options.StrongVerdictWeight));
        }

        await ((IBattleStore)store).AddBattlesAsync(battles, cancellationToken).ConfigureAwait(false);
        var scores = battles.Count == 0
            ? []
            : BaselineWinRates.Compute(BradleyTerry.Bootstrap(battles.Select(ArenaLeaderboard.ToBattle), new BradleyTerryOptions { AnchorModel = baseline.Id },
                new Statistics.Bootstrap.BootstrapOptions { Rounds = options.Rounds, Seed = options.Seed }), baseline.Id);
        return new ArenaJudgeResult(battles, [.. scores.OrderByDescending(s => s.WinRate)], unparsed, missing) { BlockedByPolicy = blocked };
    }

    private async Task<JudgeReplies> JudgeAsync(Suite questions, List<Game> games, ModelSpec judge, bool reminder, RunOptions options, RunMonitor monitor, CancellationToken cancellationToken)
    {
        var items = games.Select(g => new SuiteItem(g.Id,
            [new ChatTurn("user", JudgePrompt.User(g.Item.Question, g.AnswerA, g.AnswerB) + (reminder ? JudgePrompt.Reminder : ""))],
            null, null, null, new Dictionary<string, string>
            {
                ["question"] = g.Item.Id, ["candidate"] = g.Candidate, ["game"] = g.Number.ToString(CultureInfo.InvariantCulture),
                // The judge sees the question, so it inherits the question's own (possibly raised) confidentiality.
                ["confidentiality"] = Sovereignty.ResidencyPolicy.Name(Sovereignty.ResidencyPolicy.EffectiveConfidentiality(questions, g.Item)),
            })).ToList();
        var suite = new Suite($"judge-{questions.Id}{(reminder ? "-retry" : "")}", questions.Version, questions.Domain, questions.Language, questions.Confidentiality,
            new ScorerSpec("regex", @"\[\[(A>>B|A>B|A=B|B>A|B>>A)\]\]"), items)
        {
            SystemPrompt = JudgePrompt.System,
            Title = $"Judge games for {questions.Id}",
        };
        var runs = await runner.RunAsync([new RunJob(suite, judge)], options with { Kind = RunKind.ArenaJudge }, monitor, cancellationToken).ConfigureAwait(false);
        return await OkTextsAsync(runs[0].RunId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JudgeReplies> OkTextsAsync(string runId, CancellationToken cancellationToken)
    {
        var texts = new JudgeReplies();
        await foreach (var s in store.ReadSamplesAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            if (s.Epoch != 0) continue;
            if (s.Response.Status == SampleStatus.Ok && s.Response.Text is { } text) texts[s.ItemId] = text;
            else if (s.Response.Status == SampleStatus.BlockedByPolicy) texts.Blocked.Add(s.ItemId);
        }

        return texts;
    }

    /// <summary>Judge replies by game id, and the games the residency policy kept from the judge.</summary>
    private sealed class JudgeReplies() : Dictionary<string, string>(StringComparer.Ordinal)
    {
        public HashSet<string> Blocked { get; } = new(StringComparer.Ordinal);
    }

    private static IEnumerable<ArenaBattle> ToBattles(Game g, Verdict verdict, Suite questions, string judge, int strongWeight)
    {
        var (winner, strong) = verdict switch
        {
            Verdict.AMuchBetter => (BattleWinner.ModelA, true),
            Verdict.ABetter => (BattleWinner.ModelA, false),
            Verdict.Tie => (BattleWinner.Tie, false),
            Verdict.BBetter => (BattleWinner.ModelB, false),
            _ => (BattleWinner.ModelB, true),
        };
        int rows = strong ? Math.Max(1, strongWeight) : 1;
        for (int k = 0; k < rows; k++)
        {
            yield return new ArenaBattle($"judge:{judge}:{questions.Id}:{g.Id}:{k}", g.ModelA, g.ModelB, winner)
            {
                Judge = judge,
                QuestionId = g.Item.Id,
                Language = questions.Language,
                Category = questions.Domain,
                StyleA = StyleCounter.Count(g.AnswerA),
                StyleB = StyleCounter.Count(g.AnswerB),
            };
        }
    }

    private sealed record Game(SuiteItem Item, string Candidate, int Number, string ModelA, string AnswerA, string ModelB, string AnswerB)
    {
        public string Id => $"{Item.Id}|{Candidate}|g{Number.ToString(CultureInfo.InvariantCulture)}";
    }
}
