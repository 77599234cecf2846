namespace Arbiter.Statistics.Arena;

/// <summary>Raw style counts of one answer.</summary>
/// <param name="Tokens">Answer length in tokens.</param>
/// <param name="Headers">Markdown headers.</param>
/// <param name="ListItems">Markdown list items.</param>
/// <param name="BoldSpans">Bold spans.</param>
public readonly record struct StyleCounts(int Tokens, int Headers, int ListItems, int BoldSpans);

/// <summary>One battle with its style feature vector (A relative to B).</summary>
/// <param name="Battle">The battle.</param>
/// <param name="Features">Per-feature normalised differences, e.g. from <see cref="StyleFeatures.Differences"/>.</param>
public readonly record struct StyledBattle(Battle Battle, IReadOnlyList<double> Features);

/// <summary>The default style features of arena style control (length and markdown density).</summary>
public static class StyleFeatures
{
    /// <summary>Names of the features returned by <see cref="Differences"/>, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["length", "headers", "list_items", "bold"];

    /// <summary>(a − b) / (a + b + 1): bounded in (−1, 1), zero when equal, defined when both are 0.</summary>
    public static double NormalizedDifference(double a, double b) => (a - b) / (a + b + 1);

    /// <summary>The four normalised differences of A's and B's counts, in <see cref="Names"/> order.</summary>
    public static double[] Differences(StyleCounts a, StyleCounts b) =>
    [
        NormalizedDifference(a.Tokens, b.Tokens),
        NormalizedDifference(a.Headers, b.Headers),
        NormalizedDifference(a.ListItems, b.ListItems),
        NormalizedDifference(a.BoldSpans, b.BoldSpans),
    ];
}
