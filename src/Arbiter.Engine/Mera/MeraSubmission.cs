using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;

namespace Arbiter.Engine.Mera;

/// <summary>What went into a submission: per task, the run used and how many answers it has.</summary>
/// <param name="Task">MERA's task name (the file is <c>{Task}.json</c>).</param>
/// <param name="RunId">The run the answers come from.</param>
/// <param name="Answers">Items written.</param>
/// <param name="Unanswered">Items whose call failed: written with an empty answer, so the file still lists every id.</param>
public sealed record MeraSubmissionTask(string Task, string RunId, int Answers, int Unanswered);

/// <summary>
/// Writes a MERA submission: a ZIP with one <c>{Task}.json</c> per task, each <c>{"data": {"test": [{"outputs": ANSWER,
/// "meta": {"id": ID}}, …]}}</c> (the layout of modules/scoring/examples/sample_submission.zip and of
/// lm-evaluation-harness/scripts/log_to_submission.py in github.com/ai-forever/MERA). For each MERA suite the model's
/// newest run is used; the first epoch's answer, trimmed, is the output.
/// </summary>
public static class MeraSubmission
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the submission for <paramref name="modelId"/> to <paramref name="output"/>; returns the tasks written (none: nothing stored).</summary>
    public static async Task<IReadOnlyList<MeraSubmissionTask>> WriteAsync(IRunStore store, string modelId, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(output);
        var runs = new List<RunRecord>();
        await foreach (var r in store.ListRunsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (r.ModelId == modelId && r.SuiteId.StartsWith(MeraTaskLoader.SuitePrefix, StringComparison.Ordinal)) runs.Add(r);
        }

        var newest = runs.GroupBy(r => r.SuiteId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(r => r.CreatedAtMs).ThenBy(r => r.RunId, StringComparer.Ordinal).First())
            .OrderBy(r => r.SuiteId, StringComparer.Ordinal).ToList();
        var written = new List<MeraSubmissionTask>();
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var run in newest)
        {
            var task = run.SuiteId[MeraTaskLoader.SuitePrefix.Length..];
            var rows = new List<object>();
            var unanswered = 0;
            await foreach (var s in store.ReadSamplesAsync(run.RunId, cancellationToken).ConfigureAwait(false))
            {
                if (s.Epoch != 0) continue;
                var answered = s.Response.Status == SampleStatus.Ok;
                if (!answered) unanswered++;
                rows.Add(new { outputs = answered ? (s.Response.Text ?? "").Trim() : "", meta = new { id = Id(s.ItemId) } });
            }

            var entry = zip.CreateEntry(task + ".json", CompressionLevel.Optimal);
            await using (var stream = entry.Open())
            {
                await JsonSerializer.SerializeAsync(stream, new { data = new { test = rows } }, Indented, cancellationToken).ConfigureAwait(false);
            }

            written.Add(new MeraSubmissionTask(task, run.RunId, rows.Count, unanswered));
        }

        return written;
    }

    // MERA's ids are integers; keep an id that is not one as it was.
    private static object Id(string itemId) => long.TryParse(itemId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : itemId;
}
