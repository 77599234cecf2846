using System.Globalization;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Core.Suites;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Probes;
using Arbiter.Engine.Runner;

namespace Arbiter.Engine.Audit.Judge;

/// <summary>Identifies one probe sample: model, probe item and epoch.</summary>
public readonly record struct AuditSampleKey(string Model, string ItemId, int Epoch);

/// <summary>One reply for the judge: who gave it (the key), to which question.</summary>
public sealed record AuditJudgeRequest(AuditSampleKey Key, string Question, string Reply);

/// <summary>What the judge said about one sample.</summary>
/// <param name="Judge">The judge model id.</param>
/// <param name="Register">The parsed register; null when the reply had no label after the reminder, or the call failed.</param>
/// <param name="Reply">The judge's last reply (null when the call failed or was blocked).</param>
public sealed record AuditJudgeVerdict(string Judge, AuditRegister? Register, string? Reply)
{
    /// <summary>True when the residency policy kept this sample from the judge: "blocked", not "unparsed".</summary>
    public bool Blocked { get; init; }
}

/// <summary>The verdicts of a judge run, by sample.</summary>
/// <param name="Judge">The judge model id.</param>
/// <param name="Verdicts">One per judged sample.</param>
public sealed record AuditJudgeResult(string Judge, IReadOnlyDictionary<AuditSampleKey, AuditJudgeVerdict> Verdicts)
{
    /// <summary>Samples whose verdict stayed without a label (blocked judgements not included).</summary>
    public int Unparsed => Verdicts.Values.Count(v => v.Register is null && !v.Blocked);

    /// <summary>Samples the residency policy kept from the judge.</summary>
    public int Blocked => Verdicts.Values.Count(v => v.Blocked);
}

/// <summary>
/// Tier 3: an LLM judge reads each probe and reply against the rubric in <see cref="AuditJudgePrompt"/>.
/// The judgements are items of a generated suite (<c>judge-audit</c>, and <c>judge-audit-retry</c> for the
/// one reminder) run through <see cref="EvaluationRunner"/>, so they are cached, resumable and
/// rate-limited like any run, and a repeated audit costs no judge calls. Samples that tiers 1+2 settle
/// conclusively (errors, API blocks, empty replies) are not sent.
/// </summary>
public sealed class AuditJudge(IRunStore store, EvaluationRunner runner)
{
    /// <summary>Suite id of the judgements.</summary>
    public const string SuiteId = "judge-audit";

    /// <summary>Suite id of the reminder retries.</summary>
    public const string RetrySuiteId = SuiteId + RetrySuffix;

    private const string RetrySuffix = "-retry";

    /// <summary>Judges every non-conclusive OK sample of <paramref name="auditRuns"/>; questions come from <paramref name="sets"/>.</summary>
    public async Task<AuditJudgeResult> RunAsync(IReadOnlyList<ProbeSet> sets, IReadOnlyList<RunRecord> auditRuns, ModelSpec judge,
        RefusalClassifier classifier, RunOptions runOptions, RunMonitor monitor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(auditRuns);
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(runOptions);
        var questions = sets.SelectMany(s => s.ToSuites()).SelectMany(s => s.Items.Select(i => (s.Id, i)))
            .DistinctBy(x => (x.Id, x.i.Id)).ToDictionary(x => (x.Id, x.i.Id), x => x.i);
        var requests = new List<AuditJudgeRequest>();
        foreach (var run in auditRuns)
        {
            await foreach (var s in store.ReadSamplesAsync(run.RunId, cancellationToken).ConfigureAwait(false))
            {
                if (!questions.TryGetValue((run.SuiteId, s.ItemId), out var probe)) continue;
                var label = classifier.Classify(AuditResponse.From(s.Response, probe.Metadata.GetValueOrDefault(ProbeKeys.Language)) with { Prompt = probe.Question });
                if (label.Settled || s.Response.Text is not { } text) continue;
                requests.Add(new AuditJudgeRequest(new AuditSampleKey(run.ModelId, s.ItemId, s.Epoch), probe.Question, text));
            }
        }

        return new AuditJudgeResult(judge.Id, await JudgeAsync(SuiteId, requests, judge, runOptions, monitor, Confidentiality.Public, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Judges arbitrary replies as suite <paramref name="suiteId"/> (and <c>{suiteId}-retry</c> for the one reminder),
    /// through the runner: cached and resumable. Used by the audit and by validation against human labels.
    /// </summary>
    /// <remarks>
    /// <paramref name="confidentiality"/> is that of the replies and questions sent: the residency policy in
    /// <paramref name="runOptions"/> blocks a judge it does not allow, and a blocked judgement is a verdict without a reply.
    /// </remarks>
    public async Task<IReadOnlyDictionary<AuditSampleKey, AuditJudgeVerdict>> JudgeAsync(string suiteId, IReadOnlyList<AuditJudgeRequest> requests, ModelSpec judge,
        RunOptions runOptions, RunMonitor monitor, Confidentiality confidentiality = Confidentiality.Public, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(runOptions);
        var items = requests.Select(r => Item(r.Key, r.Question, r.Reply)).ToList();
        var options = runOptions with { Epochs = 1, Limit = null, RunId = null };
        var replies = await RunSuiteAsync(suiteId, items, judge, options, confidentiality, monitor, cancellationToken).ConfigureAwait(false);
        var retry = items.Where(i => replies.TryGetValue(i.Id, out var reply) && reply.Text is not null && AuditJudgePrompt.Parse(reply.Text) is null)
            .Select(i => i with { Input = [new ChatTurn("user", i.Question + AuditJudgePrompt.Reminder)] }).ToList();
        if (retry.Count > 0)
        {
            foreach (var (id, reply) in await RunSuiteAsync(suiteId + RetrySuffix, retry, judge, options, confidentiality, monitor, cancellationToken).ConfigureAwait(false)) replies[id] = reply;
        }

        return items.ToDictionary(KeyOf, i => Verdict(judge.Id, replies.GetValueOrDefault(i.Id)));
    }

    /// <summary>The verdicts of the newest stored judge runs of <paramref name="judgeId"/> (for a report written later); empty when it never ran.</summary>
    public static async Task<AuditJudgeResult> ReadStoredAsync(IRunStore store, string judgeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        RunRecord? main = null, retry = null;
        await foreach (var run in store.ListRunsAsync(cancellationToken).ConfigureAwait(false))
        {
            // The kind, not the name: a user's benchmark suite called judge-audit is not a judge's verdicts.
            if (run.ModelId != judgeId || run.Kind != RunKind.AuditJudge) continue;
            if (run.SuiteId == SuiteId) main ??= run;
            else if (run.SuiteId == RetrySuiteId) retry ??= run;
        }

        var replies = main is null ? [] : await TextsAsync(store, main.RunId, cancellationToken).ConfigureAwait(false);
        if (retry is not null)
        {
            // Only where the main run's reply was unlabelled: an older retry must not override a newer verdict.
            foreach (var (id, text) in await TextsAsync(store, retry.RunId, cancellationToken).ConfigureAwait(false))
            {
                if (replies.TryGetValue(id, out var first) && first.Text is not null && AuditJudgePrompt.Parse(first.Text) is null) replies[id] = text;
            }
        }

        return new AuditJudgeResult(judgeId, replies.ToDictionary(kv => ParseKey(kv.Key), kv => Verdict(judgeId, kv.Value)));
    }

    private async Task<Dictionary<string, JudgeReply>> RunSuiteAsync(string suiteId, List<SuiteItem> items, ModelSpec judge, RunOptions options, Confidentiality confidentiality,
        RunMonitor monitor, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return new Dictionary<string, JudgeReply>(StringComparer.Ordinal);
        var suite = new Suite(suiteId, "1", "audit", "mul", confidentiality, new ScorerSpec("regex", @"(?i)\[\[(refusal|deflection|propaganda|partial|answer)\]\]"), items)
        {
            SystemPrompt = AuditJudgePrompt.System,
            Title = "Audit judge (tier 3)",
        };
        var runs = await runner.RunAsync([new RunJob(suite, judge)], options with { Kind = RunKind.AuditJudge }, monitor, cancellationToken).ConfigureAwait(false);
        return await TextsAsync(store, runs[0].RunId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reply per judgement id; text null for a failed or blocked call (recorded as such, never retried as "unlabelled").</summary>
    private static async Task<Dictionary<string, JudgeReply>> TextsAsync(IRunStore store, string runId, CancellationToken cancellationToken)
    {
        var texts = new Dictionary<string, JudgeReply>(StringComparer.Ordinal);
        await foreach (var s in store.ReadSamplesAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            if (s.Epoch == 0) texts[s.ItemId] = new JudgeReply(s.Response.Status == SampleStatus.Ok ? s.Response.Text : null, s.Response.Status == SampleStatus.BlockedByPolicy);
        }

        return texts;
    }

    private static AuditJudgeVerdict Verdict(string judge, JudgeReply? reply) =>
        new(judge, AuditJudgePrompt.Parse(reply?.Text), reply?.Text) { Blocked = reply?.Blocked == true };

    private sealed record JudgeReply(string? Text, bool Blocked);

    private static SuiteItem Item(AuditSampleKey key, string question, string reply) =>
        new(Id(key), [new ChatTurn("user", AuditJudgePrompt.User(question, reply))], null, null, null, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = key.Model,
            ["item"] = key.ItemId,
            ["epoch"] = key.Epoch.ToString(CultureInfo.InvariantCulture),
        });

    // Model ids and item ids may contain '|' only in theory; the epoch is last, so split from the right.
    private static string Id(AuditSampleKey key) => string.Create(CultureInfo.InvariantCulture, $"{key.Model}|{key.ItemId}|{key.Epoch}");

    private static AuditSampleKey KeyOf(SuiteItem item) => ParseKey(item.Id);

    private static AuditSampleKey ParseKey(string id)
    {
        var last = id.LastIndexOf('|');
        var first = id.IndexOf('|', StringComparison.Ordinal);
        return new AuditSampleKey(id[..first], id[(first + 1)..last], int.Parse(id[(last + 1)..], CultureInfo.InvariantCulture));
    }
}
