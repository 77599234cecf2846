namespace Arbiter.Simulator;

/// <summary>
/// The simulator's tokenizer stand-in: four characters per token for alphabetic scripts, one per
/// CJK character (close to what real BPE vocabularies give, and cheap).
/// </summary>
internal static class TokenMath
{
    public static int Count(ReadOnlySpan<char> text)
    {
        int cjk = 0, other = 0;
        foreach (char c in text)
        {
            if (SimLanguage.IsCjk(c))
            {
                cjk++;
            }
            else
            {
                other++;
            }
        }

        return cjk + ((other + 3) / 4);
    }

    /// <summary>Length of the longest prefix that fits in <paramref name="maxTokens"/> tokens.</summary>
    public static int PrefixLength(ReadOnlySpan<char> text, int maxTokens)
    {
        int cjk = 0, other = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (SimLanguage.IsCjk(text[i]))
            {
                cjk++;
            }
            else
            {
                other++;
            }

            if (cjk + ((other + 3) / 4) > maxTokens)
            {
                return char.IsLowSurrogate(text[i]) && i > 0 ? i - 1 : i;
            }
        }

        return text.Length;
    }

    /// <summary>Splits text into stream chunks of about three tokens, preferring to cut after spaces.</summary>
    public static List<string> Chunk(string text)
    {
        var chunks = new List<string>(text.Length / 10 + 1);
        int start = 0, cost = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            cost += SimLanguage.IsCjk(c) ? 4 : 1;
            bool atBoundary = c is ' ' or '\n' || SimLanguage.IsCjk(c);
            bool full = (cost >= 12 && atBoundary) || cost >= 24;
            if (full && !char.IsHighSurrogate(c))
            {
                chunks.Add(text[start..(i + 1)]);
                start = i + 1;
                cost = 0;
            }
        }

        if (start < text.Length)
        {
            chunks.Add(text[start..]);
        }

        return chunks;
    }
}
