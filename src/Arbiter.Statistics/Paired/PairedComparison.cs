using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Intervals;

namespace Arbiter.Statistics.Paired;

/// <summary>How <see cref="PairedComparison.PValue"/> was computed.</summary>
public enum PairedTestKind
{
    /// <summary>Too few pairs for a test; the p-value is 1.</summary>
    None,

    /// <summary>Exact McNemar test (all scores are 0 or 1).</summary>
    McNemarExact,

    /// <summary>Two-sided paired t-test on the differences.</summary>
    PairedT,
}

/// <summary>
/// Paired comparison of run B against run A on the same (item, epoch) keys. The difference is always
/// B − A, so a positive difference means B scored higher. Computed once, immutable.
/// </summary>
/// <remarks>
/// Repeated samples of one item (epochs) are one cluster, not independent pairs: when any item has
/// more than one aligned epoch, each run's aligned epochs of an item are averaged first, and the
/// means, won/lost/tied counts, t interval, test and bootstrap are all over items (a paired t-test on
/// the item-mean differences; the bootstrap resamples items). McNemar is used only when every item
/// has a single epoch and all scores are 0 or 1.
/// </remarks>
public sealed record PairedComparison
{
    /// <summary>The alignment, including samples present in only one run.</summary>
    public required PairAlignment Alignment { get; init; }

    /// <summary>Number of aligned sample pairs (items × epochs).</summary>
    public int PairedCount => Alignment.Count;

    /// <summary>Number of items with at least one aligned pair: the unit the test and intervals count.</summary>
    public required int ItemCount { get; init; }

    /// <summary>True when some item had more than one aligned epoch, so pairs were averaged per item.</summary>
    public required bool ClusteredByItem { get; init; }

    /// <summary>Mean score of A over the aligned items (each item's mean over its epochs; 0 when there are none).</summary>
    public required double MeanA { get; init; }

    /// <summary>Mean score of B over the aligned items (0 when there are none).</summary>
    public required double MeanB { get; init; }

    /// <summary>Mean of B − A.</summary>
    public double MeanDifference => Difference.Mean;

    /// <summary>Mean, SD, SE and paired t interval (<c>Difference.Interval</c>) of the differences B − A.</summary>
    public required MeanEstimate Difference { get; init; }

    /// <summary>Seeded paired-bootstrap percentile interval of the mean difference.</summary>
    public required BootstrapResult Bootstrap { get; init; }

    /// <summary>Items (pairs, with one epoch) where A scored higher.</summary>
    public required int WinsA { get; init; }

    /// <summary>Items where B scored higher.</summary>
    public required int WinsB { get; init; }

    /// <summary>Items with equal (mean) scores.</summary>
    public required int Ties { get; init; }

    /// <summary>True when every aligned score is exactly 0 or 1.</summary>
    public bool IsBinary => McNemar is not null;

    /// <summary>McNemar's test when <see cref="IsBinary"/>, otherwise null.</summary>
    public McNemarTest? McNemar { get; init; }

    /// <summary>The test behind <see cref="PValue"/>.</summary>
    public required PairedTestKind TestKind { get; init; }

    /// <summary>
    /// Two-sided p-value: McNemar exact for binary scores, otherwise the paired t-test. With fewer than
    /// two pairs it is 1; when all differences are equal it is 1 if they are 0 and 0 otherwise.
    /// </summary>
    public required double PValue { get; init; }

    /// <summary>Compares run B with run A.</summary>
    /// <param name="runA">Samples of the baseline run.</param>
    /// <param name="runB">Samples of the candidate run.</param>
    /// <param name="options">Bootstrap settings; its confidence level is also used for the t interval.</param>
    public static PairedComparison Compare(IEnumerable<ScoredSample> runA, IEnumerable<ScoredSample> runB, BootstrapOptions? options = null)
        => Compare(PairAlignment.Align(runA, runB), options);

    /// <summary>Compares the two runs of an existing alignment.</summary>
    public static PairedComparison Compare(PairAlignment alignment, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(alignment);
        options ??= BootstrapOptions.Default;
        (double[] scoresA, double[] scoresB, bool clustered) = ByItem(alignment);
        int n = scoresA.Length;
        double sumA = 0, sumB = 0;
        int winsA = 0, winsB = 0, ties = 0;
        bool binary = n > 0 && !clustered;
        double[] differences = new double[n];
        for (int i = 0; i < n; i++)
        {
            double a = scoresA[i];
            double b = scoresB[i];
            differences[i] = b - a;
            sumA += a;
            sumB += b;
            if (a > b)
            {
                winsA++;
            }
            else if (b > a)
            {
                winsB++;
            }
            else
            {
                ties++;
            }

            binary &= a is 0 or 1 && b is 0 or 1;
        }

        MeanEstimate difference = MeanEstimate.FromSamples(differences, options.ConfidenceLevel);
        McNemarTest? mcNemar = binary ? McNemarTest.FromDiscordantCounts(winsA, winsB) : null;
        (PairedTestKind kind, double p) = mcNemar is not null
            ? (PairedTestKind.McNemarExact, mcNemar.ExactPValue)
            : PairedT(difference);
        return new PairedComparison
        {
            Alignment = alignment,
            ItemCount = n,
            ClusteredByItem = clustered,
            MeanA = n > 0 ? sumA / n : 0,
            MeanB = n > 0 ? sumB / n : 0,
            Difference = difference,
            // Differences of 0/1 scores take three values: resample their counts, not n indices.
            Bootstrap = binary ? CategoricalBootstrap.Mean(differences, options) : PercentileBootstrap.Mean(differences, options),
            WinsA = winsA,
            WinsB = winsB,
            Ties = ties,
            McNemar = mcNemar,
            TestKind = kind,
            PValue = p,
        };
    }

    /// <summary>Per-item means of the aligned scores (keys are sorted, so an item's epochs are adjacent).</summary>
    private static (double[] A, double[] B, bool Clustered) ByItem(PairAlignment alignment)
    {
        int n = alignment.Count;
        var a = new List<double>(n);
        var b = new List<double>(n);
        bool clustered = false;
        int start = 0;
        while (start < n)
        {
            int end = start + 1;
            while (end < n && string.Equals(alignment.Keys[end].ItemId, alignment.Keys[start].ItemId, StringComparison.Ordinal))
            {
                end++;
            }

            double sumA = 0, sumB = 0;
            for (int i = start; i < end; i++)
            {
                sumA += alignment.ScoresA[i];
                sumB += alignment.ScoresB[i];
            }

            clustered |= end - start > 1;
            a.Add(end - start == 1 ? sumA : sumA / (end - start));
            b.Add(end - start == 1 ? sumB : sumB / (end - start));
            start = end;
        }

        return ([.. a], [.. b], clustered);
    }

    private static (PairedTestKind Kind, double P) PairedT(MeanEstimate d)
    {
        if (d.Count < 2)
        {
            return (PairedTestKind.None, 1);
        }

        if (d.StandardError == 0)
        {
            return (PairedTestKind.PairedT, d.Mean == 0 ? 1 : 0);
        }

        return (PairedTestKind.PairedT, CriticalValues.StudentTTwoSidedP(d.Mean / d.StandardError, d.Count - 1));
    }
}
