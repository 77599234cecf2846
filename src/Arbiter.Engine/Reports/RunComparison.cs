using Arbiter.Core.Storage;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Engine.Reports;

/// <summary>
/// Two runs compared the way <c>arbiter compare A B</c> compares them (same suite and version, paired by
/// item, the same bootstrap defaults), flattened to plain numbers for a page. Null members: not comparable.
/// </summary>
/// <param name="RunA">The first run as asked for.</param>
/// <param name="RunB">The second run as asked for.</param>
/// <param name="Set">The full comparison (what <see cref="CompareJsonWriter"/> writes).</param>
/// <param name="Paired">Items paired (each item once, its epochs averaged; 0 when the runs cannot be paired).</param>
/// <param name="MeanA">Mean score of <paramref name="RunA"/> over the pairs.</param>
/// <param name="MeanB">Mean score of <paramref name="RunB"/> over the pairs.</param>
/// <param name="WinsA">Pairs where A scored higher.</param>
/// <param name="WinsB">Pairs where B scored higher.</param>
/// <param name="Ties">Pairs with equal scores.</param>
/// <param name="Difference">Mean of B − A.</param>
/// <param name="Lower">Lower bound of the bootstrap interval of B − A.</param>
/// <param name="Upper">Upper bound of the bootstrap interval of B − A.</param>
/// <param name="PValue">The paired test's p-value.</param>
/// <param name="Test">Which test gave <paramref name="PValue"/>.</param>
public sealed record RunComparison(
    Core.Runs.RunRecord RunA,
    Core.Runs.RunRecord RunB,
    ComparisonSet Set,
    int Paired,
    double? MeanA,
    double? MeanB,
    int WinsA,
    int WinsB,
    int Ties,
    double? Difference,
    double? Lower,
    double? Upper,
    double? PValue,
    string? Test)
{
    /// <summary>Bootstrap rounds of <c>arbiter compare</c> and the web's compare page.</summary>
    public const int DefaultRounds = 1000;

    /// <summary>Bootstrap seed of <c>arbiter compare</c> and the web's compare page.</summary>
    public const ulong DefaultSeed = 42;

    /// <summary>The default bootstrap settings of a comparison.</summary>
    public static BootstrapOptions DefaultBootstrap => new() { Rounds = DefaultRounds, Seed = DefaultSeed };

    /// <summary>Loads runs <paramref name="a"/> and <paramref name="b"/> and compares them; null when either does not exist.</summary>
    public static async Task<RunComparison?> CompareAsync(IRunStore store, string a, string b, BootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        IReadOnlyList<RunData> runs;
        try
        {
            runs = await new RunFilter { RunIds = [a, b] }.LoadAsync(store, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }

        var runA = runs.FirstOrDefault(r => r.Run.RunId == a)?.Run;
        var runB = runs.FirstOrDefault(r => r.Run.RunId == b)?.Run;
        if (runA is null || runB is null) return null;
        var set = ComparisonBuilder.Build(runs, options ?? DefaultBootstrap);
        var pair = set.Groups.Where(g => g.Scope == ComparisonScope.Suite).SelectMany(g => g.Pairs).FirstOrDefault();
        if (pair is null) return new RunComparison(runA, runB, set, 0, null, null, 0, 0, 0, null, null, null, null, null);
        var c = pair.Comparison;
        // The builder orders a pair by label; report it in the order the user asked for.
        bool swapped = !string.Equals(pair.ModelA, ComparisonBuilder.LabelOf(runs, runA), StringComparison.Ordinal);
        return swapped
            ? new RunComparison(runA, runB, set, c.ItemCount, c.MeanB, c.MeanA, c.WinsB, c.WinsA, c.Ties, -c.MeanDifference, -c.Bootstrap.Interval.Upper, -c.Bootstrap.Interval.Lower, c.PValue, c.TestKind.ToString())
            : new RunComparison(runA, runB, set, c.ItemCount, c.MeanA, c.MeanB, c.WinsA, c.WinsB, c.Ties, c.MeanDifference, c.Bootstrap.Interval.Lower, c.Bootstrap.Interval.Upper, c.PValue, c.TestKind.ToString());
    }
}
