using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Runs;

namespace Arbiter.Engine.Providers.Replay;

/// <summary>One replayed item × epoch: what the other tool recorded and what Arbiter's scorer makes of the same answer.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Epoch">Zero-based epoch.</param>
/// <param name="Answer">The recorded answer (null: the call failed or the item is not in the log).</param>
/// <param name="Recorded">The recorded score (null: none recorded, or not a number).</param>
/// <param name="RecordedRaw">The recorded value as written (e.g. <c>C</c>, <c>0.0</c>).</param>
/// <param name="Arbiter">Arbiter's score (null: nothing to score).</param>
/// <param name="Extracted">What Arbiter's scorer extracted.</param>
/// <param name="Explanation">Why Arbiter scored it so, or why there was nothing to score.</param>
public sealed record ReplayRow(string ItemId, int Epoch, string? Answer, double? Recorded, string? RecordedRaw, double? Arbiter, string? Extracted, string Explanation)
{
    /// <summary>True when both scores exist and give the same verdict (correct means a score of at least 0.5).</summary>
    public bool? Agrees => Recorded is { } r && Arbiter is { } a ? r >= 0.5 == a >= 0.5 : null;
}

/// <summary>
/// How far Arbiter's scorer agrees with the scores another tool recorded for the same answers, item by item.
/// Agreement compares verdicts (a score of at least 0.5 is correct), so inspect's partial credit and Arbiter's
/// 0/1 compare the way a reader would; <see cref="MeanAbsoluteDifference"/> keeps the exact gap.
/// </summary>
public sealed record ReplayAgreement(string RunId, string RecordedScorer, IReadOnlyList<ReplayRow> Rows)
{
    /// <summary>Rows where both scores exist.</summary>
    public int Compared => Rows.Count(r => r.Agrees is not null);

    /// <summary>Rows where the verdicts match.</summary>
    public int Agreed => Rows.Count(r => r.Agrees == true);

    /// <summary>Agreed / compared, in percent (null when nothing could be compared).</summary>
    public double? AgreePercent => Compared == 0 ? null : 100.0 * Agreed / Compared;

    /// <summary>Mean |recorded − Arbiter| over compared rows.</summary>
    public double? MeanAbsoluteDifference => Compared == 0 ? null : Rows.Where(r => r.Agrees is not null).Average(r => Math.Abs(r.Recorded!.Value - r.Arbiter!.Value));

    /// <summary>Rows whose verdicts differ.</summary>
    public IReadOnlyList<ReplayRow> Disagreements => [.. Rows.Where(r => r.Agrees == false)];

    /// <summary>Rows with no answer to score: not in the log, or the recorded call failed (stored as failed calls).</summary>
    public int Unanswered => Rows.Count(r => r.Answer is null);

    /// <summary>Answered rows the other tool left without a numeric score.</summary>
    public int RecordedUnscored => Rows.Count(r => r.Answer is not null && r.Recorded is null);

    /// <summary>
    /// The agreement of a stored replay run (<c>arbiter run</c> with a <c>provider: replay</c> model), read from its samples:
    /// the recorded score travels in each sample's metadata (<see cref="ReplaySource.Metadata"/>). Null when no sample holds one.
    /// </summary>
    public static ReplayAgreement? FromSamples(string runId, IEnumerable<SampleRecord> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var rows = new List<ReplayRow>();
        string? scorer = null;
        var any = false;
        foreach (var s in samples.OrderBy(s => s.Epoch).ThenBy(s => s.ItemId, StringComparer.Ordinal))
        {
            var meta = Read(s.MetadataJson);
            any |= meta.ContainsKey(ReplaySource.RawKey);
            scorer ??= meta.GetValueOrDefault(ReplaySource.ScorerKey);
            double? recorded = meta.TryGetValue(ReplaySource.ScoreKey, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
            var ok = s.Response.Status == SampleStatus.Ok;
            rows.Add(new ReplayRow(s.ItemId, s.Epoch, ok ? s.Response.Text : null, recorded, meta.GetValueOrDefault(ReplaySource.RawKey), s.Score?.Value, s.Score?.Extracted,
                s.Score?.Explanation ?? s.Response.Error ?? (ok ? "no score (a rubric judge gave no verdict, failed or was blocked)" : s.Response.Status.ToString())));
        }

        return any ? new ReplayAgreement(runId, scorer ?? "recorded score", rows) : null;
    }

    private static Dictionary<string, string> Read(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind != JsonValueKind.Object ? [] : doc.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
