using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Runner;

namespace Arbiter.Engine.RecordedLogs;

/// <summary>How a recorded log becomes a run: names that line it up with Arbiter's own runs.</summary>
/// <param name="SuiteId">The suite id to store (null: the tool's task name), e.g. the id of the Arbiter suite it should be compared with.</param>
/// <param name="ModelId">The model id to store (null: the tool's model name).</param>
/// <param name="Domain">The run's domain.</param>
/// <param name="Language">The run's language (<c>und</c>: not recorded).</param>
public sealed record ImportOptions(string? SuiteId = null, string? ModelId = null, string Domain = "general", string Language = "und");

/// <summary>What an import did.</summary>
/// <param name="Run">The stored run.</param>
/// <param name="Samples">Samples in the log.</param>
/// <param name="AlreadyStored">The same log was imported before: nothing was written.</param>
public sealed record ImportResult(RunRecord Run, int Samples, bool AlreadyStored);

/// <summary>
/// Writes a <see cref="RecordedLog"/> as a completed benchmark run, so it shows in <c>runs</c>, <c>report</c>,
/// <c>compare</c> and the web's runs list next to Arbiter's own. The run id comes from the log's identity and the
/// names given, so importing the same file again adds nothing. The log is fully parsed before this is called; the
/// samples go to the store in one transaction, and the run is marked completed only after they commit, so an import
/// cut short leaves an incomplete run that the same command completes.
/// </summary>
public static class RecordedRunImporter
{
    /// <summary>The run and samples a log becomes (nothing is written).</summary>
    public static (RunRecord Run, IReadOnlyList<SampleRecord> Samples) ToRun(RecordedLog log, ImportOptions options, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        var suiteId = options.SuiteId ?? log.Task;
        var modelId = options.ModelId ?? log.Model;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u0001', "import", log.Format, log.SourceId, suiteId, modelId))));
        var runId = RunKeys.RunId(hash);
        var created = log.CreatedAtMs ?? nowMs;
        var run = new RunRecord(runId, hash, suiteId, log.TaskVersion ?? "1", modelId, options.Domain, options.Language, log.ItemCount, log.Epochs,
            RunStatus.Running, created, null)
        {
            ConfigJson = Describe(log),
        };
        var samples = log.Samples.Select(s => ToSample(runId, s, log.CompletedAtMs ?? created)).ToList();
        return (run, samples);
    }

    /// <summary>Stores the log as a run unless it is stored already.</summary>
    public static async Task<ImportResult> ImportAsync(IRunStore store, RecordedLog log, ImportOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var now = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        var (run, samples) = ToRun(log, options, now);
        var existing = await store.GetRunAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        if (existing is { Status: RunStatus.Completed }) return new ImportResult(existing, samples.Count, AlreadyStored: true);
        await store.UpsertRunAsync(run, cancellationToken).ConfigureAwait(false);
        await store.WriteSamplesAsync([.. samples.Select(s => (s, (string?)null))], cancellationToken).ConfigureAwait(false);
        await store.CompleteRunAsync(run.RunId, log.CompletedAtMs ?? now, cancellationToken).ConfigureAwait(false);
        return new ImportResult(await store.GetRunAsync(run.RunId, cancellationToken).ConfigureAwait(false) ?? run, samples.Count, AlreadyStored: false);
    }

    private static SampleRecord ToSample(string runId, RecordedSample s, long completedMs)
    {
        var status = s.Error is not null ? SampleStatus.Error
            : s.FinishReason == "content_filter" ? SampleStatus.ContentFilter
            : SampleStatus.Ok;
        var response = new ModelResponse(s.Answer, s.Thinking, s.FinishReason, s.Usage, s.LatencyMs, null, 1, status,
            status switch { SampleStatus.Error => ErrorKind.Permanent, SampleStatus.ContentFilter => ErrorKind.ContentFilter, _ => ErrorKind.None }, s.Error);
        // Only an answered sample carries its score: reports count a failed call as 0 on their own.
        var score = status == SampleStatus.Ok && s.Score is { Value: { } v }
            ? new ScoreResult(v, s.Score.Extracted, $"recorded by {s.Score.Scorer}: {s.Score.Raw}" + (s.Score.Explanation is { Length: > 0 } x ? $" ({Clip(x)})" : ""))
            : null;
        return new SampleRecord(runId, s.Id, s.Epoch, response, score, null, false, s.CompletedAtMs ?? completedMs)
        {
            MetadataJson = s.Metadata.Count == 0 ? null : JsonSerializer.Serialize(s.Metadata),
        };
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static string Describe(RecordedLog log)
    {
        using var config = JsonDocument.Parse(log.GenerateConfigJson);
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["importedFrom"] = new Dictionary<string, object?>
            {
                ["format"] = log.Format,
                ["file"] = Path.GetFileName(log.File),
                ["sourceId"] = log.SourceId,
                ["task"] = log.Task,
                ["model"] = log.Model,
                ["dataset"] = log.Dataset,
                ["scorer"] = log.Scorer,
                ["status"] = log.Status,
            },
            ["generateConfig"] = config.RootElement,
        });
    }
}
