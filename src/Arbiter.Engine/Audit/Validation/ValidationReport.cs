using Arbiter.Engine.Audit.Classification;

namespace Arbiter.Engine.Audit.Validation;

/// <summary>Precision and recall of one register.</summary>
public sealed record ClassMetrics(AuditRegister Register, int Support, int Predicted, int Correct)
{
    /// <summary>Correct / predicted (NaN when never predicted).</summary>
    public double Precision => Predicted == 0 ? double.NaN : (double)Correct / Predicted;

    /// <summary>Correct / support (NaN when absent from the gold labels).</summary>
    public double Recall => Support == 0 ? double.NaN : (double)Correct / Support;
}

/// <summary>
/// The classifier scored against labels: binary accuracy (answer vs non-answer: refusal, deflection,
/// partial or propaganda), accuracy over the registers, per-class precision and recall, the confusion
/// matrix (gold × predicted), and per language the balanced accuracy, non-answer recall, specificity and
/// per (model, question set) refusal-rate error (<see cref="Languages"/>).
/// </summary>
public sealed record ValidationReport(
    string Source,
    int Count,
    double BinaryAccuracy,
    double RegisterAccuracy,
    IReadOnlyList<ClassMetrics> Classes,
    IReadOnlyDictionary<(AuditRegister Gold, AuditRegister Predicted), int> Confusion,
    IReadOnlyList<(LabelledText Item, AuditLabel Label)> Misses)
{
    /// <summary>Binary figures per language (rows without a language count as <c>?</c>), then over all rows (<c>all</c>).</summary>
    public IReadOnlyList<Training.HeldOutMetrics> Languages { get; init; } = [];

    /// <summary>Classifies every labelled text with <paramref name="classifier"/> (tiers 1+2) and scores it.</summary>
    public static ValidationReport Compute(string source, IReadOnlyList<LabelledText> items, RefusalClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(items);
        return Compute(source, items, [.. items.Select(item => classifier.Classify(new AuditResponse(item.Text, Language: item.Language) { Prompt = item.Prompt }))]);
    }

    /// <summary>Scores <paramref name="labels"/> (any tiers; one per item, in order) against the human ones.</summary>
    public static ValidationReport Compute(string source, IReadOnlyList<LabelledText> items, IReadOnlyList<AuditLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != items.Count) throw new ArgumentException("one label per item is needed", nameof(labels));
        var confusion = new Dictionary<(AuditRegister, AuditRegister), int>();
        var misses = new List<(LabelledText, AuditLabel)>();
        int binary = 0, exact = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var (item, predicted) = (items[i], labels[i]);
            if ((item.Gold != AuditRegister.Answer) == predicted.IsNonAnswer) binary++;
            else misses.Add((item, predicted));
            if (predicted.Register == item.Gold) exact++;
            var key = (item.Gold, predicted.Register);
            confusion[key] = confusion.GetValueOrDefault(key) + 1;
        }

        var registers = confusion.Keys.SelectMany(k => new[] { k.Item1, k.Item2 }).Distinct().OrderBy(r => r).ToList();
        var classes = registers.Select(r => new ClassMetrics(r,
            confusion.Where(kv => kv.Key.Item1 == r).Sum(kv => kv.Value),
            confusion.Where(kv => kv.Key.Item2 == r).Sum(kv => kv.Value),
            confusion.GetValueOrDefault((r, r)))).ToList();
        var n = Math.Max(1, items.Count);
        var registersPredicted = labels.Select(l => l.Register).ToList();
        var languages = items.Select(i => i.Language ?? "?").Distinct().Order(StringComparer.Ordinal)
            .Select(language => Subset(language, items, registersPredicted, i => (i.Language ?? "?") == language)).ToList();
        if (languages.Count > 1) languages.Add(Training.HeldOutMetrics.Compute("all", items, registersPredicted));
        return new ValidationReport(source, items.Count, (double)binary / n, (double)exact / n, classes, confusion, misses) { Languages = languages };
    }

    private static Training.HeldOutMetrics Subset(string slice, IReadOnlyList<LabelledText> items, IReadOnlyList<AuditRegister> predicted, Func<LabelledText, bool> where)
    {
        var idx = Enumerable.Range(0, items.Count).Where(i => where(items[i])).ToArray();
        return Training.HeldOutMetrics.Compute(slice, [.. idx.Select(i => items[i])], [.. idx.Select(i => predicted[i])]);
    }
}
