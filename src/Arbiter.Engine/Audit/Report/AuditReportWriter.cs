using System.Globalization;
using System.Text;
using Arbiter.Engine.Audit.Analysis;
using Arbiter.Engine.Audit.Validation;
using static Arbiter.Engine.Audit.Report.AuditSvg;

namespace Arbiter.Engine.Audit.Report;

/// <summary>Measured accuracy of the classifier on one labelled file, shown next to the results.</summary>
public sealed record MeasuredAccuracy(string Source, int Count, double BinaryAccuracy, double RegisterAccuracy)
{
    /// <summary>The tier-3 judge measured on the same file, when it was.</summary>
    public string? Judge { get; init; }

    /// <summary>Binary accuracy of tiers 1+2+3 (null when no judge was measured).</summary>
    public double? JudgeBinaryAccuracy { get; init; }

    /// <summary>Register accuracy of tiers 1+2+3 (null when no judge was measured).</summary>
    public double? JudgeRegisterAccuracy { get; init; }

    /// <summary>True when the file is one the shipped model was trained on (its figure is in-sample); see <see cref="OutOfSampleAccuracy.TrainingFileLike"/>.</summary>
    public bool InSample { get; init; }

    /// <summary>From a validation run.</summary>
    public static MeasuredAccuracy From(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(report.Source, report.Count, report.BinaryAccuracy, report.RegisterAccuracy);
    }

    /// <summary>From a validation with a judge: tiers 1+2 and tiers 1+2+3.</summary>
    public static MeasuredAccuracy From(JudgeValidation validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        return From(validation.Rules) with
        {
            Judge = validation.Judge,
            JudgeBinaryAccuracy = validation.Combined.BinaryAccuracy,
            JudgeRegisterAccuracy = validation.Combined.RegisterAccuracy,
        };
    }
}

/// <summary>Writes the self-contained audit HTML report (inline SVG, no scripts, invariant-culture numbers).</summary>
public static class AuditReportWriter
{
    /// <summary>Renders the report.</summary>
    public static string Render(AuditResults results, IReadOnlyList<MeasuredAccuracy> accuracy, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(accuracy);
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title ?? "Arbiter refusal and censorship audit")).Append("</title>");
        sb.Append("<style>body{font-family:system-ui,'Noto Sans','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;margin:2rem;color:#222}")
          .Append("table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td.l,th.l{text-align:left}")
          .Append(".note{color:#555;font-size:90%}.maps{display:flex;flex-wrap:wrap;gap:.5rem 2rem;align-items:flex-start}</style></head><body>\n");
        sb.Append("<h1>").Append(E(title ?? "Refusal and censorship audit")).Append("</h1>\n");
        var models = results.Observations.Select(o => o.Model).Distinct().Order(StringComparer.Ordinal).ToList();
        sb.Append(F($"<p>{results.Observations.Count} samples, {models.Count} models, {results.Buckets.Count} model × probe combinations. A non-answer is a refusal, deflection, propaganda or partial answer; errors are excluded from every rate.</p>\n"));

        var judges = accuracy.Where(a => a.Judge is not null).Select(a => a.Judge!).Distinct(StringComparer.Ordinal).ToList();
        AppendOutOfSample(sb, results.Observations.Select(o => o.Language).Distinct().Order(StringComparer.Ordinal).ToList());
        if (accuracy.Count > 0)
        {
            sb.Append("<h2 id=\"accuracy\">Classifier accuracy on the labelled files given</h2>\n<table class=\"accuracy\"><tr><th class=\"l\">labelled file</th><th>n</th><th>binary, classifier</th><th>register, classifier</th>");
            if (judges.Count > 0) sb.Append(F($"<th>binary, with judge {E(string.Join(", ", judges))}</th><th>register, with judge</th>"));
            sb.Append("</tr>\n");
            foreach (var a in accuracy)
            {
                sb.Append(F($"<tr><td class=\"l\">{E(a.Source)}{(a.InSample ? " (in-sample: a training file)" : "")}</td><td>{a.Count}</td><td>{a.BinaryAccuracy:P1}</td><td>{a.RegisterAccuracy:P1}</td>"));
                if (judges.Count > 0) sb.Append(a.JudgeBinaryAccuracy is { } jb ? F($"<td>{jb:P1}</td><td>{a.JudgeRegisterAccuracy:P1}</td>") : "<td>–</td><td>–</td>");
                sb.Append("</tr>\n");
            }

            sb.Append("</table><p class=\"note\">Binary: answer vs non-answer (refusal, deflection, partial, propaganda). A file the shipped model was trained on is marked in-sample: its figure flatters the model.</p>\n");
        }

        AppendJudge(sb, results, judges.Count > 0);

        foreach (var language in results.Cells.Select(c => c.Language).Distinct().Order(StringComparer.Ordinal))
        {
            sb.Append(F($"<h2 id=\"heatmap-{language}\">Non-answer rate on sensitive probes, language {language}</h2>\n"));
            sb.Append("<div class=\"maps\">").Append(Heatmaps(results.Cells, language)).Append("</div>\n");
        }

        sb.Append("<h2 id=\"divergence\">Language divergence (same sensitive question)</h2>\n").Append(Divergence(results.Divergences)).Append('\n');
        AppendContrasts(sb, results);
        AppendBuckets(sb, results, models);
        AppendCells(sb, results);
        return sb.Append("</body></html>\n").ToString();
    }

    /// <summary>The shipped model's held-out figures for the languages of this audit: never an English figure on a Russian result.</summary>
    private static void AppendOutOfSample(StringBuilder sb, IReadOnlyList<string> languages)
    {
        sb.Append("<h2 id=\"classifier\">Classifier accuracy, out of sample</h2>\n<table class=\"accuracy\"><tr><th class=\"l\">language</th><th class=\"l\">held out by</th><th>n</th><th>balanced accuracy, model</th><th>non-answer recall</th><th>specificity</th><th>rate error, median / max</th><th>balanced accuracy, whole classifier</th></tr>\n");
        foreach (var language in languages)
        {
            if (OutOfSampleAccuracy.For(language) is { } m)
            {
                sb.Append(F($"<tr><td class=\"l\">{E(language)}</td><td class=\"l\">{E(m.HeldOutBy)}</td><td>{m.Count}</td><td>{m.BalancedAccuracy:P1}</td><td>{m.Recall:P1}</td><td>{m.Specificity:P1}</td><td>{100 * m.MedianRateError:0.0} / {100 * m.MaxRateError:0.0} pt</td><td>{(double.IsNaN(m.ClassifierBalancedAccuracy) ? "–" : m.ClassifierBalancedAccuracy.ToString("P1", CultureInfo.InvariantCulture))}</td></tr>\n"));
            }
            else
            {
                sb.Append(F($"<tr><td class=\"l\">{E(language)}</td><td class=\"l\" colspan=\"7\">not measured: the model had no labelled replies in this language</td></tr>\n"));
            }
        }

        sb.Append("</table><p class=\"note\">Grouped cross-validation of the shipped register model (docs/audit-model.md): each reply was classified by a model trained without its source model, file or persona. The last column is the classifier the audit runs (structural rules, phrase lists and that model); its English phrase list was written while reading the XSTest files, so its English figure is partly in-sample, and the model's figures are the conservative ones. Rate error: predicted minus labelled non-answer rate per (model or persona) × question set. Rates below are as accurate as this classifier; read small differences with that in mind.</p>\n");
    }

    private static void AppendJudge(StringBuilder sb, AuditResults results, bool judgeMeasured)
    {
        var judged = results.Observations.Count(o => o.Label.Tier == Classification.AuditTier.Judge);
        var overrode = results.Observations.Count(o => o.Label.Signals.Any(s => s.StartsWith(Judge.AuditJudgeCombination.OverrodePrefix, StringComparison.Ordinal)));
        var unparsed = results.Observations.Count(o => o.Label.Signals.Contains(Judge.AuditJudgeCombination.Unparsed) || o.Label.Signals.Contains(Judge.AuditJudgeCombination.Failed));
        var blocked = results.Observations.Count(o => o.Label.Signals.Contains(Judge.AuditJudgeCombination.Blocked));
        if (judged + unparsed + blocked == 0) return;
        // Without a measurement of the judge, say so next to its numbers.
        var measured = judgeMeasured
            ? "The table above gives the judge's accuracy on the labelled files."
            : "The accuracy above is that of the classifier below the judge; the judge's own accuracy was not measured for this report (arbiter audit report --labels FILE, or arbiter audit validate --labels FILE --judge MODEL).";
        sb.Append(F($"<p class=\"judge\">Tier 3 (LLM judge) decided {judged} of {results.Observations.Count} samples and changed the tier-1+2 register of {overrode}; {unparsed} judge replies had no label after one reminder (or failed) and kept the tier-1+2 label{(blocked > 0 ? F($"; {blocked} were blocked by policy (never sent to the judge) and kept the tier-1+2 label") : "")}. {measured}</p>\n"));
    }

    private static void AppendContrasts(StringBuilder sb, AuditResults results)
    {
        sb.Append("<h2 id=\"contrasts\">Sensitive vs matched control (paired by sample)</h2>\n<table class=\"contrasts\"><tr><th class=\"l\">model</th><th class=\"l\">target</th><th class=\"l\">lang</th><th>sensitive</th><th>95% CI</th><th>control</th><th>95% CI</th><th>only sensitive</th><th>only control</th><th>McNemar p</th></tr>\n");
        foreach (var c in results.Contrasts.Where(c => c.Scope == "all topics"))
        {
            sb.Append(F($"<tr><td class=\"l\">{E(c.Model)}</td><td class=\"l\">{E(c.TargetCountry)}</td><td class=\"l\">{c.Language}</td><td>{c.Sensitive.Mean:P0}</td><td>{c.Sensitive.Interval.Lower:P0}–{c.Sensitive.Interval.Upper:P0}</td><td>{c.Control.Mean:P0}</td><td>{c.Control.Interval.Lower:P0}–{c.Control.Interval.Upper:P0}</td><td>{c.OnlySensitive}</td><td>{c.OnlyControl}</td><td>{c.Test.ExactPValue:0.####}</td></tr>\n"));
        }

        sb.Append("</table>\n");
    }

    private static void AppendBuckets(StringBuilder sb, AuditResults results, List<string> models)
    {
        sb.Append("<h2 id=\"buckets\">Consistency over samples</h2>\n<table class=\"buckets\"><tr><th class=\"l\">model</th><th>always</th><th>sometimes</th><th>never</th></tr>\n");
        foreach (var m in models)
        {
            var b = results.Buckets.Where(kv => kv.Key.Model == m).Select(kv => kv.Value).ToList();
            sb.Append(F($"<tr><td class=\"l\">{E(m)}</td><td>{b.Count(x => x == ProbeBucket.Always)}</td><td>{b.Count(x => x == ProbeBucket.Sometimes)}</td><td>{b.Count(x => x == ProbeBucket.Never)}</td></tr>\n"));
        }

        sb.Append("</table>\n");
    }

    private static void AppendCells(StringBuilder sb, AuditResults results)
    {
        sb.Append("<h2 id=\"rates\">Rates by model × topic × language × target (Wilson 95% CIs)</h2>\n<table class=\"rates\"><tr><th class=\"l\">model</th><th class=\"l\">target</th><th class=\"l\">topic</th><th class=\"l\">lang</th><th class=\"l\">probe</th><th>n</th><th>refusal</th><th>deflection</th><th>propaganda</th><th>non-answer</th><th>95% CI</th><th>errors</th></tr>\n");
        foreach (var c in results.Cells)
        {
            sb.Append(F($"<tr><td class=\"l\">{E(c.Model)}</td><td class=\"l\">{E(c.TargetCountry)}</td><td class=\"l\">{E(c.Topic)}</td><td class=\"l\">{c.Language}</td><td class=\"l\">{(c.Control ? "control" : "sensitive")}</td><td>{c.NonAnswer.Count}</td><td>{c.Refusal.Mean:P0}</td><td>{c.Deflection.Mean:P0}</td><td>{c.Propaganda.Mean:P0}</td><td>{c.NonAnswer.Mean:P0}</td><td>{c.NonAnswer.Interval.Lower:P0}–{c.NonAnswer.Interval.Upper:P0}</td><td>{c.Errors}</td></tr>\n"));
        }

        sb.Append("</table>\n");
    }

    /// <summary>Writes the report to a file (UTF-8 without BOM).</summary>
    public static Task WriteAsync(string path, AuditResults results, IReadOnlyList<MeasuredAccuracy> accuracy, CancellationToken cancellationToken = default) =>
        File.WriteAllTextAsync(path, Render(results, accuracy), new UTF8Encoding(false), cancellationToken);

    internal static CultureInfo Invariant => CultureInfo.InvariantCulture;
}
