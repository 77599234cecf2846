using System.Globalization;
using System.Text;
using System.Text.Json;
using Arbiter.Engine.Providers.Replay;
using Arbiter.Engine.Reports.Html;
using static Arbiter.Engine.Reports.Html.HtmlTable;

namespace Arbiter.Engine.Reports;

/// <summary>A replay run in a report: Arbiter's scores set against the scores the recording tool gave the same answers.</summary>
/// <param name="Model">The replay model's id.</param>
/// <param name="SuiteId">The suite.</param>
/// <param name="Agreement">The agreement, item by item.</param>
public sealed record ReportReplay(string Model, string SuiteId, ReplayAgreement Agreement);

/// <summary>
/// The report's "agreement with recorded scores" section, in each format. It appears only when a selected run replayed
/// a recorded log (its samples carry the recorded score), so reports without replays are unchanged.
/// </summary>
internal static class ReplayReportSection
{
    /// <summary>Rows listed per run in Markdown and HTML (the JSON report has every row).</summary>
    public const int MaxRows = 200;

    public static IReadOnlyList<ReportReplay> Build(IEnumerable<RunData> runs) =>
        [.. runs.Select(r => ReplayAgreement.FromSamples(r.Run.RunId, r.Samples) is { } a ? new ReportReplay(r.Run.ModelId, r.Run.SuiteId, a) : null).OfType<ReportReplay>()];

    public static string Summary(ReportReplay r)
    {
        var a = r.Agreement;
        var text = a.AgreePercent is { } p
            ? Inv($"{r.Model} on {r.SuiteId} (run {a.RunId}): agrees with the recorded {a.RecordedScorer} on {a.Agreed} of {a.Compared} samples ({p:0.0}%), mean |difference| {a.MeanAbsoluteDifference:0.###}")
            : Inv($"{r.Model} on {r.SuiteId} (run {a.RunId}): nothing to compare (no sample has both a recorded {a.RecordedScorer} and an Arbiter score)");
        if (a.Unanswered > 0) text += Inv($"; {a.Unanswered} without an answer (not in the log, or the recorded call failed)");
        if (a.RecordedUnscored > 0) text += Inv($"; {a.RecordedUnscored} answers without a numeric recorded score");
        return text + ".";
    }

    public static void Markdown(StringBuilder sb, IReadOnlyList<ReportReplay> replays, Func<string, string> esc)
    {
        if (replays.Count == 0) return;
        sb.Append("\n## Agreement with recorded scores\n\nReplayed logs of other tools, re-scored by Arbiter. A verdict is correct at a score of at least 0.5; ✗ marks an item where the verdicts differ.\n\n");
        foreach (var r in replays)
        {
            sb.Append("### ").Append(esc($"{r.Model} · {r.SuiteId}")).Append("\n\n").Append(esc(Summary(r))).Append("\n\n");
            sb.Append("| item | epoch | recorded | arbiter | agree | arbiter: extracted / why |\n|---|---:|---:|---:|:---:|---|\n");
            foreach (var row in r.Agreement.Rows.Take(MaxRows))
            {
                sb.Append("| ").AppendJoin(" | ", Cells(row).Select(esc)).Append(" |\n");
            }

            if (r.Agreement.Rows.Count > MaxRows) sb.Append(esc(Inv($"… and {r.Agreement.Rows.Count - MaxRows} more rows (see the JSON report)."))).Append('\n');
            sb.Append('\n');
        }
    }

    public static void Html(StringBuilder sb, IReadOnlyList<ReportReplay> replays)
    {
        if (replays.Count == 0) return;
        sb.Append("<h2>Agreement with recorded scores</h2>\n<p class=\"sub\">Replayed logs of other tools, re-scored by Arbiter. A verdict is correct at a score of at least 0.5; ✗ marks an item where the verdicts differ.</p>\n");
        foreach (var r in replays)
        {
            sb.Append("<h3>").Append(Reports.Html.Html.E($"{r.Model} · {r.SuiteId}")).Append("</h3>\n<p>").Append(Reports.Html.Html.E(Summary(r))).Append("</p>\n");
            var t = new HtmlTable("item", "epoch", "recorded", "arbiter", "agree", "arbiter: extracted / why");
            foreach (var row in r.Agreement.Rows.Take(MaxRows))
            {
                var c = Cells(row);
                t.Row(Cell.T(c[0]), Cell.N(c[1], row.Epoch + 1), Cell.N(c[2], row.Recorded), Cell.N(c[3], row.Arbiter), Cell.T(c[4]), Cell.T(c[5]));
            }

            sb.Append(t);
            if (r.Agreement.Rows.Count > MaxRows) sb.Append("<p class=\"sub\">").Append(Reports.Html.Html.E(Inv($"… and {r.Agreement.Rows.Count - MaxRows} more rows (see the JSON report)."))).Append("</p>\n");
        }
    }

    public static void Json(Utf8JsonWriter w, IReadOnlyList<ReportReplay> replays)
    {
        if (replays.Count == 0) return;
        w.WriteStartArray("replays");
        foreach (var r in replays)
        {
            var a = r.Agreement;
            w.WriteStartObject();
            w.WriteString("runId", a.RunId);
            w.WriteString("model", r.Model);
            w.WriteString("suite", r.SuiteId);
            w.WriteString("recordedScorer", a.RecordedScorer);
            w.WriteNumber("compared", a.Compared);
            w.WriteNumber("agreed", a.Agreed);
            Number(w, "agreePercent", a.AgreePercent);
            Number(w, "meanAbsoluteDifference", a.MeanAbsoluteDifference);
            w.WriteNumber("unanswered", a.Unanswered);
            w.WriteNumber("recordedUnscored", a.RecordedUnscored);
            w.WriteStartArray("rows");
            foreach (var row in a.Rows)
            {
                w.WriteStartObject();
                w.WriteString("item", row.ItemId);
                w.WriteNumber("epoch", row.Epoch);
                Number(w, "recorded", row.Recorded);
                if (row.RecordedRaw is { } raw) w.WriteString("recordedRaw", raw);
                Number(w, "arbiter", row.Arbiter);
                if (row.Agrees is { } agrees) w.WriteBoolean("agrees", agrees);
                else w.WriteNull("agrees");
                if (row.Extracted is { } x) w.WriteString("extracted", x);
                w.WriteString("explanation", row.Explanation);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string[] Cells(ReplayRow row) =>
    [
        row.ItemId, (row.Epoch + 1).ToString(CultureInfo.InvariantCulture), row.RecordedRaw ?? "–", row.Arbiter?.ToString("0.##", CultureInfo.InvariantCulture) ?? "–",
        row.Agrees switch { true => "✓", false => "✗", null => "–" }, Clip(row.Extracted is null ? row.Explanation : $"{row.Extracted} — {row.Explanation}"),
    ];

    private static string Clip(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= 120 ? flat : flat[..120] + "…";
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
