using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Scoring;
using Arbiter.Engine.Scoring.Rubric;
using Arbiter.Engine.Sovereignty;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Arbiter.Engine.Runner;

/// <summary>
/// The judge calls of <c>scorer: rubric</c>. A graded run gets a companion run of kind
/// <see cref="RunKind.RubricJudge"/> (the judge's model id, the same items and epochs) that holds every judge reply as a
/// sample: so the judge call is cached under its own key, its audit outcome commits with that sample, and the raw
/// reply stays readable when it held no verdict. Calls go through <see cref="ModelCallers"/> (the residency policy,
/// retries, key redaction and concurrency limit of every call). A reply without a verdict, a failed judge call and a
/// judge the policy blocks leave the answer without a score: <see cref="Reports.RunResult.Unscored"/> counts them.
/// </summary>
public sealed class RubricJudging
{
    private readonly IRunStore _store;
    private readonly StoreRetry _retry;
    private readonly SampleWriter _writer;
    private readonly Dictionary<string, ModelCaller> _callers = new(StringComparer.Ordinal);

    private RubricJudging(IRunStore store, StoreRetry retry, SampleWriter writer)
    {
        _store = store;
        _retry = retry;
        _writer = writer;
    }

    /// <summary>The judge model of each suite that has rubric items (by suite id); throws <see cref="InputException"/> for a judge that is not configured.</summary>
    public static IReadOnlyDictionary<string, ModelSpec> ResolveJudges(IEnumerable<Suite> suites, RunOptions options)
    {
        var judges = new Dictionary<string, ModelSpec>(StringComparer.Ordinal);
        foreach (var suite in suites.DistinctBy(s => s.Id))
        {
            var specs = suite.Items.Select(i => i.Scorer).Prepend(suite.Scorer).Where(s => s?.Kind == RubricScorer.Kind).ToList();
            if (specs.Count == 0) continue;
            var named = specs.Select(s => RubricScorer.JudgeOf(s!) ?? options.RubricJudge).Distinct(StringComparer.Ordinal).ToList();
            if (named.Count > 1) throw new InputException("judge", $"suite '{suite.Id}' names more than one rubric judge ({string.Join(", ", named.Select(n => n ?? "none"))}); one suite has one judge");
            var id = named[0] ?? throw new InputException("--judge", $"suite '{suite.Id}' is graded by a rubric but names no judge: add 'judge: MODEL' to its scorer, set run.judge in arbiter.yaml or pass --judge MODEL");
            judges[suite.Id] = options.JudgeModels.FirstOrDefault(m => m.Id == id)
                ?? throw new InputException("judge", $"rubric judge '{id}' of suite '{suite.Id}' is not a model of arbiter.yaml; expected one of: {string.Join(", ", options.JudgeModels.Select(m => m.Id))}");
        }

        return judges;
    }

    /// <summary>Builds the judges' callers (their clients first, so a missing key fails before any call).</summary>
    internal static RubricJudging Create(IEnumerable<ModelSpec> judges, IChatClientFactory clients, IRunStore store, RunOptions options, IAuditSink? audit,
        StoreRetry retry, SampleWriter writer, ILogger log)
    {
        var judging = new RubricJudging(store, retry, writer);
        foreach (var judge in judges.DistinctBy(j => j.Id))
        {
            judging._callers[judge.Id] = ModelCallers.Create(clients.Create(judge), judge, options.Policy, audit, options.Retry, logger: log);
        }

        return judging;
    }

    /// <summary>The key of a graded run's configuration JSON that names its judge's model id.</summary>
    public const string ConfigKey = "rubricJudge";

    /// <summary>The judge a stored run was graded with (from its configuration JSON), or null for a run without rubric items.</summary>
    public static string? StoredJudge(string configJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(configJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(ConfigKey, out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The run's spec hash with the judge and the rubric texts: another judge or rubric is another run.</summary>
    public static string ExtendSpecHash(string specHash, Suite suite, IReadOnlyList<SuiteItem> items, ModelSpec judge)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(judge);
        var text = new StringBuilder(specHash).Append("\u0001rubric-judge:").Append(judge.Id).Append('\u0001').Append(judge.Model);
        foreach (var spec in items.Select(i => i.Scorer).Prepend(suite.Scorer).Where(s => s?.Kind == RubricScorer.Kind))
        {
            foreach (var (key, value) in spec!.Options ?? []) text.Append('\u0001').Append(key).Append('=').Append(value);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// <c>--retry-errors</c> for judges: an answer whose judge call failed was stored unscored, so deleting failed samples of the
    /// graded run leaves it alone. Its graded sample is deleted first, then the failed judge reply, so a resume grades it again
    /// (the answer from the cache, the judge asked anew); a crash between the two only repeats the work. True when any was forgotten.
    /// </summary>
    internal static async Task<bool> ForgetFailedJudgementsAsync(IRunStore store, RunRecord run, RunRecord judgeRun, CancellationToken cancellationToken)
    {
        var failed = new List<(string ItemId, int Epoch)>();
        await foreach (var s in store.ReadSamplesAsync(judgeRun.RunId, cancellationToken).ConfigureAwait(false))
        {
            if (s.Response.Status == SampleStatus.Error) failed.Add((s.ItemId, s.Epoch));
        }

        if (failed.Count == 0) return false;
        await store.DeleteSamplesAsync(run.RunId, failed, cancellationToken).ConfigureAwait(false);
        await store.DeleteErrorSamplesAsync(judgeRun.RunId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The companion run that holds the judge's replies for <paramref name="run"/>.</summary>
    internal static RunRecord JudgeRun(RunRecord run, ModelSpec judge, long nowMs) =>
        new(RunKeys.RunId(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(run.RunId + "\u0001" + judge.Id)))), run.SpecHash,
            run.SuiteId + "-rubric-judge", run.SuiteVersion, judge.Id, run.Domain, run.Language, run.ItemCount, run.Epochs, RunStatus.Running, nowMs, null)
        {
            Kind = RunKind.RubricJudge,
            ConfigJson = $"{{\"gradedRun\":\"{run.RunId}\",\"judge\":\"{judge.Id}\"}}",
        };

    /// <summary>
    /// Grades <paramref name="answer"/>: the deterministic asserts first, then the judge (from the cache when it answered
    /// this before). Returns the score, or null when the judge gave no verdict, failed or was blocked.
    /// </summary>
    internal async Task<ScoreResult?> GradeAsync(Suite suite, SuiteItem item, int epoch, string answer, RubricScorer scorer, RunRecord judgeRun, ModelSpec judge,
        CancellationToken cancellationToken)
    {
        if (scorer.PreCheck(item, answer) is { } failed) return failed;
        IReadOnlyList<ChatTurn> messages = [new("system", RubricPrompt.System), new("user", RubricPrompt.User(item.Question, answer, scorer.Rubric))];
        var key = RunKeys.CacheKey(judge, judge.Parameters, messages, 0);
        var cached = await _retry.ExecuteAsync("read cache", () => _store.GetCachedAsync([key], cancellationToken), cancellationToken).ConfigureAwait(false);
        ModelResponse response;
        Core.Audit.AuditEntry? outcome = null;
        var hit = cached.TryGetValue(key, out var stored);
        if (hit)
        {
            response = stored! with { Attempts = 0 };
        }
        else
        {
            // The judge reads the question and the answer, so it inherits the item's (possibly raised) confidentiality.
            var context = CallContext.ForItem(suite, item, CallPurpose.Judge) with { RunId = judgeRun.RunId, Epoch = epoch };
            var call = await _callers[judge.Id].CallAuditedAsync(messages, judge.Parameters, stream: false, context, cancellationToken).ConfigureAwait(false);
            (response, outcome) = (call.Response, call.Outcome);
        }

        var verdict = response.Status == SampleStatus.Ok ? RubricPrompt.Parse(response.Text) : null;
        var score = verdict is null ? null : new ScoreResult(verdict.Score, verdict.Pass ? "PASS" : "FAIL", $"judge {judge.Id}: {Clip(verdict.Reason)}");
        var cost = judge.Pricing is { } p && response.Status is SampleStatus.Ok or SampleStatus.ContentFilter ? p.CostOf(response.Usage.Input, response.Usage.Output) : (decimal?)null;
        var sample = new SampleRecord(judgeRun.RunId, item.Id, epoch, response, score, cost, hit, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        // Written before the graded sample: a resume never finds a graded answer whose judgement was lost.
        await _writer.WriteAsync(sample, response.Status == SampleStatus.Ok && !hit ? key : null, outcome, cancellationToken).ConfigureAwait(false);
        return score;
    }

    private static string Clip(string s) => s.Length <= 200 ? s : s[..197] + "...";
}
