using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Core.Suites;
using Arbiter.Engine.RecordedLogs;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Scoring;
using Arbiter.Engine.Scoring.Rubric;

namespace Arbiter.Engine.Providers.Replay;

/// <summary>
/// Re-scores recorded answers with Arbiter's own scorers: every item × epoch of a suite is answered by a
/// <see cref="ReplayModel"/>, scored as a live run would be, stored as a run of model <c>replay:MODEL</c> (so it
/// reports and compares like any run), and set against the score the other tool recorded.
/// </summary>
public static class ReplayRunner
{
    /// <summary>The suite a log describes: its items with their recorded prompts, choices and targets.</summary>
    /// <param name="log">The recorded log.</param>
    /// <param name="suiteId">The suite id (null: the log's task name).</param>
    /// <param name="scorer">The scorer for every item (null: each item's recorded checks, such as promptfoo's asserts, else <c>auto</c>).</param>
    public static Suite SuiteOf(RecordedLog log, string? suiteId = null, ScorerSpec? scorer = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var items = log.Samples.GroupBy(s => s.Id, StringComparer.Ordinal).Select(g => g.First())
            .Select(s => new SuiteItem(s.Id, s.Input, s.Choices, s.Targets.Count > 0 ? s.Targets[0] : null, s.Targets.Count > 1 ? [.. s.Targets.Skip(1)] : null, s.Metadata) { Scorer = scorer is null ? s.Scorer : null })
            .ToList();
        return new Suite(suiteId ?? log.Task, log.TaskVersion ?? "1", "general", "und", Confidentiality.Public, scorer ?? ScorerSpec.Auto, items)
        {
            Epochs = log.Epochs,
            Source = log.File,
        };
    }

    /// <summary>Replays <paramref name="suite"/> from <paramref name="model"/>, stores the run, and returns the agreement.</summary>
    public static async Task<ReplayAgreement> RunAsync(IRunStore store, Suite suite, ReplayModel model, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(model);
        var now = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        var scorers = new SuiteScorers(suite.Scorer);
        var hash = Hash(suite, model);
        var run = new RunRecord(RunKeys.RunId(hash), hash, suite.Id, suite.Version, model.ModelId, suite.Domain, suite.Language, suite.Items.Count, suite.Epochs,
            RunStatus.Running, now, null)
        {
            ConfigJson = Describe(suite, model),
        };
        var rows = new List<ReplayRow>();
        var samples = new List<(SampleRecord, string?)>();
        for (var epoch = 0; epoch < suite.Epochs; epoch++)
        {
            foreach (var item in suite.Items)
            {
                var answer = model.Answer(item, epoch);
                var score = answer.Response.Status == SampleStatus.Ok ? ScoreOffline(scorers.For(item), item, answer.Response.Text ?? "") : null;
                var recorded = answer.Recorded?.Score;
                rows.Add(new ReplayRow(item.Id, epoch, answer.Response.Status == SampleStatus.Ok ? answer.Response.Text : null, recorded?.Value, recorded?.Raw,
                    score?.Value, score?.Extracted, score?.Explanation ?? answer.Response.Error ?? (answer.Response.Status == SampleStatus.Ok ? NeedsJudge : answer.Response.Status.ToString())));
                samples.Add((new SampleRecord(run.RunId, item.Id, epoch, answer.Response, score, null, false, now)
                {
                    MetadataJson = ReplaySource.Metadata(item.Metadata, answer),
                }, null));
            }
        }

        // Everything is computed first; the samples then commit in one transaction, and the run completes after them.
        run = await store.UpsertRunAsync(run, cancellationToken).ConfigureAwait(false);
        await store.WriteSamplesAsync(samples, cancellationToken).ConfigureAwait(false);
        if (run.Status != RunStatus.Completed) await store.CompleteRunAsync(run.RunId, now, cancellationToken).ConfigureAwait(false);
        return new ReplayAgreement(run.RunId, model.Log.Scorer ?? "recorded score", rows);
    }

    private const string NeedsJudge = "graded by a rubric judge: replay it with arbiter run (a model with provider: replay) and a judge";

    // A rubric needs a judge call, which an offline replay does not make: its deterministic asserts still decide a failure.
    private static ScoreResult? ScoreOffline(IScorer scorer, SuiteItem item, string answer) =>
        scorer is RubricScorer rubric ? rubric.PreCheck(item, answer) : scorer.Score(item, answer);

    // The same log, suite content and scorer give the same run: a second replay adds nothing.
    private static string Hash(Suite suite, ReplayModel model)
    {
        var text = new StringBuilder().AppendJoin('\u0001', "replay", model.Log.Format, model.Log.SourceId, model.ModelId, suite.Id, suite.Version, suite.Epochs,
            suite.Scorer.Kind, suite.Scorer.Pattern ?? "", suite.Scorer.Tolerance);
        foreach (var item in suite.Items) text.Append('\u0002').AppendJoin('\u0001', item.Id, item.Question, item.Target ?? "", item.Scorer?.Kind ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Describe(Suite suite, ReplayModel model) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["replay"] = new Dictionary<string, object?>
        {
            ["format"] = model.Log.Format,
            ["file"] = Path.GetFileName(model.Log.File),
            ["sourceId"] = model.Log.SourceId,
            ["model"] = model.Log.Model,
            ["recordedScorer"] = model.Log.Scorer,
        },
        ["suite"] = new { suite.Id, suite.Version, Scorer = suite.Scorer.Kind, suite.Source },
    });
}
