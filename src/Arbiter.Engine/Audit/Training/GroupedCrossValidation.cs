using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Validation;

namespace Arbiter.Engine.Audit.Training;

/// <summary>Out-of-fold predictions: every row was predicted by a model that never saw its group.</summary>
/// <param name="Items">The rows, in input order.</param>
/// <param name="Predicted">The held-out prediction of each row.</param>
/// <param name="Folds">How many models were trained.</param>
/// <param name="Classified">The held-out label of the whole classifier (structure, fold model, phrase override) for each row.</param>
public sealed record CrossValidationResult(IReadOnlyList<LabelledText> Items, IReadOnlyList<RegisterPrediction> Predicted, int Folds,
    IReadOnlyList<AuditRegister> Classified)
{
    /// <summary>Metrics of the rows selected by <paramref name="where"/>: of the model alone, or of the whole classifier.</summary>
    public HeldOutMetrics Metrics(string slice, Func<LabelledText, bool> where, bool classifier = false)
    {
        ArgumentNullException.ThrowIfNull(where);
        var idx = Enumerable.Range(0, Items.Count).Where(i => where(Items[i])).ToArray();
        return HeldOutMetrics.Compute(slice, [.. idx.Select(i => Items[i])], [.. idx.Select(i => classifier ? Classified[i] : Predicted[i].Register)]);
    }
}

/// <summary>
/// Grouped cross-validation: rows are split by <see cref="LabelledText.Group"/> (a SpeechMap model, an XSTest
/// file, a corpus persona), and each group is predicted by a model trained on all other groups — so a
/// model's own style never leaks into the numbers reported for it. With more groups than
/// <c>maxFolds</c>, groups are dealt round-robin (in name order) into that many folds.
/// </summary>
public static class GroupedCrossValidation
{
    /// <summary>Runs the folds (two at a time; each trainer is single-threaded and deterministic).</summary>
    public static CrossValidationResult Run(IReadOnlyList<LabelledText> items, RegisterModelOptions options, int maxFolds = int.MaxValue,
        Func<LabelledText, float>? weight = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(options);
        weight ??= _ => 1f;
        var groups = items.Select(i => i.Group ?? "").Distinct().Order(StringComparer.Ordinal).ToList();
        if (groups.Count < 2) throw new ArgumentException("cross-validation needs at least two groups", nameof(items));
        var foldCount = Math.Min(Math.Max(2, maxFolds), groups.Count);
        var foldOf = groups.Select((g, i) => (g, i % foldCount)).ToDictionary(x => x.g, x => x.Item2, StringComparer.Ordinal);
        var predicted = new RegisterPrediction[items.Count];
        var classified = new AuditRegister[items.Count];
        var done = 0;
        Parallel.For(0, foldCount, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, fold =>
        {
            var train = items.Where(i => foldOf[i.Group ?? ""] != fold).Select(i => new TrainingRow(i.Text, i.Gold, i.Language, weight(i)) { Prompt = i.Prompt });
            var model = RegisterModel.Train(train, options);
            var classifier = new RefusalClassifier(PhraseLexicon.BuiltIn, model);
            for (var i = 0; i < items.Count; i++)
            {
                if (foldOf[items[i].Group ?? ""] != fold) continue;
                predicted[i] = model.Predict(items[i].Text, items[i].Language, items[i].Prompt);
                classified[i] = classifier.Classify(new AuditResponse(items[i].Text, Language: items[i].Language) { Prompt = items[i].Prompt }).Register;
            }

            progress?.Report(Interlocked.Increment(ref done));
        });
        return new CrossValidationResult(items, predicted, foldCount, classified);
    }
}
