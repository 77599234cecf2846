using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Validation;

namespace Arbiter.Engine.Audit.Training;

/// <summary>
/// How well predictions match labels on one slice (a language, a file): the binary task is
/// answer vs non-answer (refusal, deflection, partial, propaganda), the positive class is the non-answer.
/// Balanced accuracy, recall and specificity are the headline: plain accuracy flatters a classifier
/// that calls everything an answer when most replies are answers.
/// </summary>
/// <param name="Slice">What was measured (e.g. <c>en</c>, a file name).</param>
/// <param name="Count">Rows.</param>
/// <param name="Accuracy">Binary accuracy.</param>
/// <param name="BalancedAccuracy">Mean of recall and specificity.</param>
/// <param name="Recall">Non-answers found / non-answers (NaN without any).</param>
/// <param name="Specificity">Answers called answers / answers (NaN without any).</param>
/// <param name="RegisterAccuracy">Exact register agreement.</param>
/// <param name="Confusion">Gold × predicted register counts.</param>
/// <param name="RateErrors">Per (group, set) with at least <see cref="MinRateRows"/> rows: predicted minus labelled non-answer rate.</param>
public sealed record HeldOutMetrics(
    string Slice, int Count, double Accuracy, double BalancedAccuracy, double Recall, double Specificity, double RegisterAccuracy,
    IReadOnlyDictionary<(AuditRegister Gold, AuditRegister Predicted), int> Confusion,
    IReadOnlyList<RateError> RateErrors)
{
    /// <summary>A (model, question set) needs this many rows for its refusal rate to be compared.</summary>
    public const int MinRateRows = 20;

    /// <summary>Median absolute refusal-rate error over (group, set) cells, in rate units (0.03 = 3 points); NaN without cells.</summary>
    public double MedianRateError => Median(RateErrors.Select(e => Math.Abs(e.Error)));

    /// <summary>Largest absolute refusal-rate error; NaN without cells.</summary>
    public double MaxRateError => RateErrors.Count == 0 ? double.NaN : RateErrors.Max(e => Math.Abs(e.Error));

    /// <summary>Scores predicted registers against the labels of <paramref name="items"/> (same order).</summary>
    public static HeldOutMetrics Compute(string slice, IReadOnlyList<LabelledText> items, IReadOnlyList<AuditRegister> predicted)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(predicted);
        if (items.Count != predicted.Count) throw new ArgumentException("one prediction per item is needed", nameof(predicted));
        int tp = 0, fn = 0, tn = 0, fp = 0, exact = 0;
        var confusion = new Dictionary<(AuditRegister, AuditRegister), int>();
        for (var i = 0; i < items.Count; i++)
        {
            var gold = items[i].Gold != AuditRegister.Answer;
            var pred = IsNonAnswer(predicted[i]);
            if (gold && pred) tp++;
            else if (gold) fn++;
            else if (pred) fp++;
            else tn++;
            if (items[i].Gold == predicted[i]) exact++;
            var key = (items[i].Gold, predicted[i]);
            confusion[key] = confusion.GetValueOrDefault(key) + 1;
        }

        var recall = tp + fn == 0 ? double.NaN : (double)tp / (tp + fn);
        var specificity = tn + fp == 0 ? double.NaN : (double)tn / (tn + fp);
        var balanced = double.IsNaN(recall) ? specificity : double.IsNaN(specificity) ? recall : (recall + specificity) / 2;
        var n = Math.Max(1, items.Count);
        var rates = items.Select((item, i) => (item, pred: IsNonAnswer(predicted[i])))
            .GroupBy(x => (x.item.Group ?? "", x.item.Set ?? ""))
            .Where(g => g.Count() >= MinRateRows)
            .Select(g => new RateError(g.Key.Item1, g.Key.Item2, g.Count(),
                g.Average(x => x.item.Gold != AuditRegister.Answer ? 1.0 : 0.0), g.Average(x => x.pred ? 1.0 : 0.0)))
            .OrderBy(e => e.Group, StringComparer.Ordinal).ThenBy(e => e.Set, StringComparer.Ordinal)
            .ToList();
        return new HeldOutMetrics(slice, items.Count, (double)(tp + tn) / n, balanced, recall, specificity, (double)exact / n, confusion, rates);
    }

    /// <summary>True for every register an audit counts as not answering.</summary>
    public static bool IsNonAnswer(AuditRegister register) => register is not (AuditRegister.Answer or AuditRegister.Error);

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}

/// <summary>One (model, question set)'s labelled and predicted non-answer rates.</summary>
/// <param name="Group">The model (or persona, file).</param>
/// <param name="Set">The question set.</param>
/// <param name="Count">Rows.</param>
/// <param name="Labelled">Non-answer rate by the labels.</param>
/// <param name="Predicted">Non-answer rate by the classifier.</param>
public sealed record RateError(string Group, string Set, int Count, double Labelled, double Predicted)
{
    /// <summary>Predicted minus labelled.</summary>
    public double Error => Predicted - Labelled;
}
