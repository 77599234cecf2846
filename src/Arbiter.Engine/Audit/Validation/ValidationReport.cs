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
/// The classifier scored against human labels: binary accuracy (refusal vs compliance, where
/// refusal = refusal, deflection or partial), accuracy over the registers, per-class precision and
/// recall, and the confusion matrix (gold × predicted).
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
    /// <summary>Classifies every labelled text with <paramref name="classifier"/> (tiers 1+2) and scores it.</summary>
    public static ValidationReport Compute(string source, IReadOnlyList<LabelledText> items, RefusalClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(items);
        return Compute(source, items, [.. items.Select(item => classifier.Classify(new AuditResponse(item.Text)))]);
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
            var goldRefusal = item.Gold is AuditRegister.Refusal or AuditRegister.Deflection or AuditRegister.Partial;
            if (goldRefusal == predicted.IsRefusal) binary++;
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
        return new ValidationReport(source, items.Count, (double)binary / n, (double)exact / n, classes, confusion, misses);
    }
}
