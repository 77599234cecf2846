using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arbiter.Engine.Audit.Training;

/// <summary>A training file named by a model card, with the hash that pins its content.</summary>
/// <param name="Name">File name (no folder: the card is portable).</param>
/// <param name="Sha256">SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="Rows">Rows used (after skipping ambiguous ones).</param>
/// <param name="HeldOutBy">What a fold leaves out of this file: <c>model</c>, <c>persona</c> or <c>file</c>.</param>
public sealed record CardFile(string Name, string Sha256, int Rows, string HeldOutBy);

/// <summary>
/// Held-out figures of one slice, as printed and shown in reports: of the trained model alone, and of the whole
/// classifier (<see cref="ClassifierBalancedAccuracy"/>, which adds the phrase lists — in-sample on the files they were written from).
/// </summary>
public sealed record CardMetrics(string Slice, string? Language, string HeldOutBy, int Count, double Accuracy, double BalancedAccuracy,
    double Recall, double Specificity, double RegisterAccuracy, double MedianRateError, double MaxRateError)
{
    /// <summary>Binary accuracy of the whole classifier on the same held-out rows.</summary>
    public double ClassifierAccuracy { get; init; } = double.NaN;

    /// <summary>Balanced accuracy of the whole classifier on the same held-out rows.</summary>
    public double ClassifierBalancedAccuracy { get; init; } = double.NaN;

    /// <summary>From computed metrics of the model and of the classifier.</summary>
    public static CardMetrics From(HeldOutMetrics m, HeldOutMetrics classifier, string? language, string heldOutBy)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(classifier);
        return new(m.Slice, language, heldOutBy, m.Count, m.Accuracy, m.BalancedAccuracy, m.Recall, m.Specificity, m.RegisterAccuracy, m.MedianRateError, m.MaxRateError)
        {
            ClassifierAccuracy = classifier.Accuracy, ClassifierBalancedAccuracy = classifier.BalancedAccuracy,
        };
    }
}

/// <summary>
/// What a trained register model is: the files and options it was trained on, the hash of the model file,
/// and its out-of-sample (grouped cross-validation) figures. Written by <c>arbiter audit train</c>; the
/// shipped model's card is embedded next to it and a test checks that the two match.
/// </summary>
public sealed record ModelCard
{
    /// <summary>SHA-256 of the model file.</summary>
    public required string ModelSha256 { get; init; }
    /// <summary>Model file size in bytes.</summary>
    public required long ModelBytes { get; init; }
    /// <summary>Training options (seed included).</summary>
    public required RegisterModelOptions Options { get; init; }
    /// <summary>The training files.</summary>
    public required IReadOnlyList<CardFile> Files { get; init; }
    /// <summary>Rows left out on purpose, by reason (judges disagree, judge error).</summary>
    public IReadOnlyDictionary<string, int> Skipped { get; init; } = new Dictionary<string, int>();
    /// <summary>Cross-validation folds trained (0 when cross-validation was skipped).</summary>
    public int Folds { get; init; }
    /// <summary>The command that wrote the model, with paths relative to the repository (for the card's <i>Reproduce</i> section).</summary>
    public string? Command { get; init; }
    /// <summary>Held-out figures: per language over all files, and per file (and file × language).</summary>
    public IReadOnlyList<CardMetrics> HeldOut { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The card as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a card written by <see cref="ToJson"/>.</summary>
    public static ModelCard FromJson(string json) => JsonSerializer.Deserialize<ModelCard>(json, Json) ?? throw new InvalidDataException("empty model card");

    /// <summary>Held-out figures of one language over all files (null when the card has none).</summary>
    public CardMetrics? ForLanguage(string language) => HeldOut.FirstOrDefault(m => m.Slice == "all" && m.Language == language);

    /// <summary>The card as Markdown: provenance, options and the held-out tables, ending with the JSON the tests read.</summary>
    public string ToMarkdown(string modelName)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"# Audit register model: `{modelName}`").AppendLine();
        sb.AppendLine("Written by `arbiter audit train`; regenerate it with the command in the section *Reproduce*. Every figure below is");
        sb.AppendLine("**out of sample**: each row was predicted by a model trained without its group (a SpeechMap model, an XSTest");
        sb.AppendLine("file, a persona of the Arbiter corpus). A figure measured on the training rows themselves would be in-sample.").AppendLine();
        sb.AppendLine(inv, $"Model file: {ModelBytes:N0} bytes, SHA-256 `{ModelSha256}`. Folds: {Folds}. Seed: {Options.Seed}.").AppendLine();
        sb.AppendLine("## Training files").AppendLine();
        sb.AppendLine("| file | rows | held out by | SHA-256 |").AppendLine("|---|---:|---|---|");
        foreach (var f in Files) sb.AppendLine(inv, $"| {f.Name} | {f.Rows:N0} | {f.HeldOutBy} | `{f.Sha256[..16]}…` |");
        if (Skipped.Count > 0) sb.AppendLine().AppendLine(inv, $"Skipped rows: {string.Join(", ", Skipped.Select(kv => $"{kv.Key} {kv.Value}"))}.");
        sb.AppendLine().AppendLine("## Held-out figures").AppendLine();
        sb.AppendLine("Binary task: answer vs non-answer (refusal, deflection, partial, propaganda). Recall = non-answers found; specificity =");
        sb.AppendLine("answers kept; rate error = |predicted − labelled| non-answer rate per (model or persona) × question set with ≥ 20 rows.").AppendLine();
        sb.AppendLine("The last two columns are the whole classifier on the same held-out rows (structural rules, the fold's model, and a");
        sb.AppendLine("non-answer phrase deciding when the model leans to \"answer\" below 0.8): on the XSTest files they are in-sample, since");
        sb.AppendLine("the English phrase list was written while reading them.").AppendLine();
        sb.AppendLine("| slice | language | held out by | n | accuracy | balanced | recall | specificity | register | median rate error | max rate error | classifier accuracy | classifier balanced |");
        sb.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in HeldOut)
        {
            sb.AppendLine(inv, $"| {m.Slice} | {m.Language ?? "all"} | {m.HeldOutBy} | {m.Count:N0} | {P(m.Accuracy)} | {P(m.BalancedAccuracy)} | {P(m.Recall)} | {P(m.Specificity)} | {P(m.RegisterAccuracy)} | {Pts(m.MedianRateError)} | {Pts(m.MaxRateError)} | {P(m.ClassifierAccuracy)} | {P(m.ClassifierBalancedAccuracy)} |");
        }

        sb.AppendLine().AppendLine("## Reproduce").AppendLine();
        sb.AppendLine("From the repository root (about 2 minutes on 2 cores; each fold's trainer is single-threaded and seeded, so the same files give the same bytes):").AppendLine();
        sb.AppendLine("```bash").AppendLine(Command ?? "arbiter audit train --data FILE… --out MODEL").AppendLine("```");
        sb.AppendLine().AppendLine("## Card data").AppendLine().AppendLine("```json").AppendLine(ToJson()).AppendLine("```");
        return sb.ToString();
    }

    private static string P(double v) => double.IsNaN(v) ? "–" : v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Pts(double v) => double.IsNaN(v) ? "–" : (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + " pt";
}
