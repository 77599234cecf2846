using Arbiter.Statistics.Agreement;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Engine.Labelling;

/// <summary>
/// Agreement of labellers from label records: inter-labeller κ and α (overall and per label) and each
/// labeller's and the classifier's agreement with the reference label. The reference is the adjudicated
/// label where one exists; otherwise the strict majority of the human labellers — for a human, the
/// majority of the <em>other</em> labellers, because counting one's own vote would inflate one's agreement.
/// Items without a strict majority have no reference and are left out of that comparison.
/// </summary>
public static class LabelAgreement
{
    /// <summary>Computes the report. Labeller names <see cref="LabelRecord.Classifier"/> and <see cref="LabelRecord.Adjudicated"/> are treated as such.</summary>
    /// <exception cref="ArgumentException">No human labels.</exception>
    public static LabelAgreementReport Compute(IReadOnlyList<LabelRecord> labels, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        options ??= BootstrapOptions.Default;
        static bool Is(LabelRecord r, string name) => string.Equals(r.Labeller, name, StringComparison.OrdinalIgnoreCase);
        var human = labels.Where(r => !Is(r, LabelRecord.Classifier) && !Is(r, LabelRecord.Adjudicated)).ToList();
        if (human.Count == 0) throw new ArgumentException("No human labels: every row is the classifier's or adjudicated.", nameof(labels));
        var adjudicated = labels.Where(r => Is(r, LabelRecord.Adjudicated)).ToDictionary(r => r.Item, r => r.Label, StringComparer.Ordinal);
        var classifier = labels.Where(r => Is(r, LabelRecord.Classifier)).ToDictionary(r => r.Item, r => r.Label, StringComparer.Ordinal);

        string[] names = [.. human.Select(r => r.Labeller).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        string[] cats = [.. labels.Select(r => r.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        string[] items = [.. human.Select(r => r.Item).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var catIndex = cats.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var labellerIndex = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var itemIndex = items.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);

        var rows = items.Select(_ => Enumerable.Repeat(RatingMatrix.Missing, names.Length).ToArray()).ToList();
        foreach (var r in human) rows[itemIndex[r.Item]][labellerIndex[r.Labeller]] = catIndex[r.Label];
        var matrix = new RatingMatrix(rows, names.Length, cats.Length);
        var analysis = new AgreementAnalysis(matrix, options);

        LabelAgreementView View(AgreementCoefficients c) =>
            new(c.Category is { } k ? cats[k] : null, c.Cohen, c.Fleiss, c.Krippendorff);

        var vs = new List<ReferenceAgreement>();
        for (int l = 0; l < names.Length; l++)
        {
            int self = l;
            vs.Add(Against(names[l], false, items, i => Code(rows[i][self]), i => Reference(rows[i], self, items[i], adjudicated, catIndex), cats.Length, options));
        }

        if (classifier.Count > 0)
        {
            vs.Add(Against(LabelRecord.Classifier, true, items,
                i => classifier.TryGetValue(items[i], out var c) ? catIndex[c] : null,
                i => Reference(rows[i], -1, items[i], adjudicated, catIndex), cats.Length, options));
        }

        return new LabelAgreementReport(
            items.Length, analysis.PairableItems, names, cats, View(analysis.Overall), [.. analysis.PerCategory.Select(View)],
            adjudicated.Count > 0 ? "adjudicated" : "majority", vs, options.Rounds, options.Seed);
    }

    private static int? Code(int code) => code == RatingMatrix.Missing ? null : code;

    /// <summary>The adjudicated label, else the strict majority of the labels in <paramref name="row"/> except column <paramref name="skip"/>.</summary>
    private static int? Reference(int[] row, int skip, string item, Dictionary<string, string> adjudicated, Dictionary<string, int> catIndex)
    {
        if (adjudicated.TryGetValue(item, out var label)) return catIndex[label];
        if (adjudicated.Count > 0) return null; // an adjudicated task compares with adjudicated labels only
        var counts = new Dictionary<int, int>();
        for (int j = 0; j < row.Length; j++)
        {
            if (j == skip || row[j] == RatingMatrix.Missing) continue;
            counts[row[j]] = counts.GetValueOrDefault(row[j]) + 1;
        }

        if (counts.Count == 0) return null;
        int best = counts.Values.Max();
        var top = counts.Where(p => p.Value == best).ToList();
        return top.Count == 1 ? top[0].Key : null;
    }

    private static ReferenceAgreement Against(string name, bool isClassifier, string[] items, Func<int, int?> own, Func<int, int?> reference, int categories, BootstrapOptions options)
    {
        var pairs = new List<int[]>();
        for (int i = 0; i < items.Length; i++)
        {
            if (own(i) is { } a && reference(i) is { } b) pairs.Add([a, b]);
        }

        if (pairs.Count == 0) return new ReferenceAgreement(name, isClassifier, 0, double.NaN, new AgreementEstimate(double.NaN, null, 0));
        var m = new RatingMatrix(pairs, 2, categories);
        int[] all = [.. Enumerable.Range(0, pairs.Count)];
        var kappa = AgreementBootstrap.Compute(pairs.Count, idx => CohenKappa.Compute(m, 0, 1, idx), options);
        return new ReferenceAgreement(name, isClassifier, pairs.Count, CohenKappa.ObservedAgreement(m, 0, 1, all), kappa);
    }
}
