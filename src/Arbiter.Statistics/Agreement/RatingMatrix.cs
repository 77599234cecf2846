namespace Arbiter.Statistics.Agreement;

/// <summary>
/// Reliability data in canonical form: N items × m labellers, each cell the index of a category
/// (0..<see cref="CategoryCount"/>−1) or <see cref="Missing"/> when that labeller did not label the item.
/// Immutable after construction.
/// </summary>
public sealed class RatingMatrix
{
    /// <summary>The cell value of an item a labeller did not label.</summary>
    public const int Missing = -1;

    private readonly int[][] _codes;

    /// <summary>Copies <paramref name="codes"/> (indexed [item][labeller]) and checks every cell.</summary>
    /// <exception cref="ArgumentException">A row has the wrong length or a cell is out of range.</exception>
    public RatingMatrix(IReadOnlyList<int[]> codes, int labellerCount, int categoryCount)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(labellerCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(categoryCount);
        _codes = new int[codes.Count][];
        for (int i = 0; i < codes.Count; i++)
        {
            int[] row = codes[i] ?? throw new ArgumentException($"Item {i} has no row.", nameof(codes));
            if (row.Length != labellerCount)
            {
                throw new ArgumentException($"Item {i} has {row.Length} cells; expected {labellerCount}.", nameof(codes));
            }

            foreach (int c in row)
            {
                if (c < Missing || c >= categoryCount)
                {
                    throw new ArgumentException($"Item {i} holds category {c}; expected {Missing} or 0..{categoryCount - 1}.", nameof(codes));
                }
            }

            _codes[i] = (int[])row.Clone();
        }

        LabellerCount = labellerCount;
        CategoryCount = categoryCount;
    }

    /// <summary>Number of items (units).</summary>
    public int ItemCount => _codes.Length;

    /// <summary>Number of labellers (coders, raters).</summary>
    public int LabellerCount { get; }

    /// <summary>Number of categories.</summary>
    public int CategoryCount { get; }

    /// <summary>The category labeller <paramref name="labeller"/> gave item <paramref name="item"/>, or <see cref="Missing"/>.</summary>
    public int this[int item, int labeller] => _codes[item][labeller];

    /// <summary>The categories of one item (read-only view).</summary>
    public ReadOnlySpan<int> Row(int item) => _codes[item];

    /// <summary>Builds a matrix from counts per item and category (the layout of Fleiss' table): each count becomes that many labellers.</summary>
    /// <remarks>Labeller identity is lost in such a table, so only Fleiss' κ and Krippendorff's α are meaningful on the result.</remarks>
    public static RatingMatrix FromCounts(IReadOnlyList<int[]> countsPerItem)
    {
        ArgumentNullException.ThrowIfNull(countsPerItem);
        if (countsPerItem.Count == 0) throw new ArgumentException("No items.", nameof(countsPerItem));
        int categories = countsPerItem[0].Length;
        int width = countsPerItem.Max(r => r.Sum());
        var rows = new List<int[]>(countsPerItem.Count);
        foreach (int[] counts in countsPerItem)
        {
            if (counts.Length != categories) throw new ArgumentException("Rows differ in length.", nameof(countsPerItem));
            var row = Enumerable.Repeat(Missing, width).ToArray();
            int k = 0;
            for (int c = 0; c < categories; c++)
            {
                for (int j = 0; j < counts[c]; j++) row[k++] = c;
            }

            rows.Add(row);
        }

        return new RatingMatrix(rows, Math.Max(width, 1), categories);
    }

    /// <summary>Maps a code to the view asked for: all categories (<paramref name="focus"/> &lt; 0) or focus-vs-rest (0 = focus, 1 = any other).</summary>
    internal static int View(int code, int focus) => focus < 0 || code == Missing ? code : code == focus ? 0 : 1;

    /// <summary>Fills <paramref name="counts"/> with the item's labels per category of the view; returns how many labels it has.</summary>
    internal int CountRow(int item, int focus, int[] counts)
    {
        Array.Clear(counts);
        int n = 0;
        foreach (int code in _codes[item])
        {
            int c = View(code, focus);
            if (c == Missing) continue;
            counts[c]++;
            n++;
        }

        return n;
    }

    /// <summary>Number of categories in the view.</summary>
    internal int ViewCategories(int focus) => focus < 0 ? CategoryCount : 2;
}
