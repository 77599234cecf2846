namespace Arbiter.Engine.Audit.Probes;

/// <summary>One differing span of two texts: the fragment of each side (empty when the other side added words).</summary>
/// <param name="Left">The fragment of the first text.</param>
/// <param name="Right">The fragment of the second text.</param>
public sealed record DiffSpan(string Left, string Right);

/// <summary>
/// Word- or character-level differences of two short texts (a longest common subsequence of tokens). Words
/// (letters, digits, apostrophes and hyphens) and single punctuation marks are tokens for alphabetic languages;
/// every character is a token for Chinese and Japanese, which do not separate words by spaces.
/// </summary>
public static class TokenDiff
{
    /// <summary>The maximal runs of tokens that are not shared, as fragments of the original texts.</summary>
    public static IReadOnlyList<DiffSpan> Spans(string left, string right, string language)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        bool perChar = language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) || language.StartsWith("ja", StringComparison.OrdinalIgnoreCase);
        var a = Tokens(left, perChar);
        var b = Tokens(right, perChar);
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (int i = a.Count - 1; i >= 0; i--)
        {
            for (int j = b.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = Same(left, a[i], right, b[j]) ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        // Runs of unshared tokens as index ranges [from, to) of each side.
        var runs = new List<(int A0, int A1, int B0, int B1)>();
        int x = 0, y = 0, startX = -1, startY = -1;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && Same(left, a[x], right, b[y]) && lcs[x, y] == lcs[x + 1, y + 1] + 1)
            {
                if (startX >= 0) runs.Add((startX, x, startY, y));
                startX = startY = -1;
                x++;
                y++;
                continue;
            }

            if (startX < 0) (startX, startY) = (x, y);
            if (y >= b.Count || (x < a.Count && lcs[x + 1, y] >= lcs[x, y + 1])) x++;
            else y++;
        }

        if (startX >= 0) runs.Add((startX, x, startY, y));

        // A coincidence of one token between two changes is part of one change: "did he die" vs "was he released",
        // 纳瓦尔尼 vs 纳尔逊·曼德拉.
        const int glue = 1;
        var merged = new List<(int A0, int A1, int B0, int B1)>();
        foreach (var run in runs)
        {
            if (merged.Count > 0 && run.A0 - merged[^1].A1 <= glue && run.A0 - merged[^1].A1 == run.B0 - merged[^1].B1)
            {
                merged[^1] = (merged[^1].A0, run.A1, merged[^1].B0, run.B1);
            }
            else
            {
                merged.Add(run);
            }
        }

        return [.. merged.Select(r => new DiffSpan(Fragment(left, a, r.A0, r.A1), Fragment(right, b, r.B0, r.B1)))];
    }

    private static List<Range> Tokens(string text, bool perChar)
    {
        var tokens = new List<Range>();
        int i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            if (!perChar && IsWordChar(text[i]))
            {
                while (i < text.Length && IsWordChar(text[i])) i++;
            }
            else
            {
                i += char.IsSurrogatePair(text, i) ? 2 : 1;
            }

            tokens.Add(start..i);
        }

        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '\'' or '’' or '-';

    private static bool Same(string left, Range a, string right, Range b) => left.AsSpan()[a].SequenceEqual(right.AsSpan()[b]);

    private static string Fragment(string text, List<Range> tokens, int from, int to) =>
        from >= to ? "" : text[tokens[from].Start.Value..tokens[to - 1].End.Value];
}
