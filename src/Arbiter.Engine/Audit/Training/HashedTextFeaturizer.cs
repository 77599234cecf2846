using System.Numerics;
using Microsoft.ML.Data;

namespace Arbiter.Engine.Audit.Training;

/// <summary>
/// The register model's features, computed without ML.NET's text pipeline (which took ~75 % of a prediction):
/// the text and its opening are lower-cased with digits dropped, then each gives two blocks of hashed counts —
/// character 1..<see cref="CharNgram"/>-grams over the text framed by start and end markers (no tokenizer needed
/// for Chinese or Russian), and word n-grams of whitespace-separated tokens (1–2 for the text, 1–3 for the opening) —
/// each block L2-normalised, the four concatenated into one sparse vector of <see cref="Length"/> slots.
/// The hash is a fixed Murmur3-style mix of UTF-16 units, so an index is the same in every process and on every
/// platform: a model trained here predicts the same anywhere. Thread-safe: scratch buffers are per thread.
/// </summary>
public sealed class HashedTextFeaturizer
{
    /// <summary>Characters of a text read at most (the prepared text is ~1,300): bounds the work on any input.</summary>
    public const int MaxChars = 4096;

    private const char StartMarker = '\u0002';
    private const char EndMarker = '\u0003';
    private const int WordNgram = 2;
    private const int OpeningWordNgram = 3;

    [ThreadStatic] private static Scratch? _scratch;

    private readonly Block[] _blocks;

    /// <summary>Creates a featurizer with 2^<paramref name="charBits"/> slots per character block and 2^<paramref name="wordBits"/> per word block.</summary>
    public HashedTextFeaturizer(int charBits, int charNgram, int wordBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(charBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(charBits, 24);
        ArgumentOutOfRangeException.ThrowIfLessThan(wordBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wordBits, 24);
        ArgumentOutOfRangeException.ThrowIfLessThan(charNgram, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(charNgram, 8);
        CharBits = charBits;
        CharNgram = charNgram;
        WordBits = wordBits;
        int chars = 1 << charBits, words = 1 << wordBits;
        _blocks =
        [
            new(Opening: false, Words: false, charNgram, chars - 1, 0),
            new(Opening: false, Words: true, WordNgram, words - 1, chars),
            new(Opening: true, Words: false, charNgram, chars - 1, chars + words),
            new(Opening: true, Words: true, OpeningWordNgram, words - 1, 2 * chars + words),
        ];
        Length = 2 * (chars + words);
    }

    /// <summary>Hash bits of each character block.</summary>
    public int CharBits { get; }

    /// <summary>Longest character n-gram.</summary>
    public int CharNgram { get; }

    /// <summary>Hash bits of each word block.</summary>
    public int WordBits { get; }

    /// <summary>Slots of the whole vector: text characters, text words, opening characters, opening words.</summary>
    public int Length { get; }

    /// <summary>The sparse feature vector (indices ascending), as the trainer reads it.</summary>
    public VBuffer<float> Featurize(string? text, string? opening)
    {
        var scratch = _scratch ??= new Scratch();
        var indices = new List<int>(1024);
        var values = new List<float>(1024);
        Span<char> source = default;
        foreach (var block in _blocks)
        {
            // A source's character block comes before its word block: each source is normalised once.
            if (!block.Words) source = Normalize(block.Opening ? opening : text, scratch.Chars);
            var touched = Collect(block, source, scratch);
            var counts = scratch.Counts;
            var norm = Norm(touched, counts);
            touched.Sort();
            foreach (var slot in touched)
            {
                indices.Add(block.Offset + slot);
                values.Add((float)(counts[slot] / norm));
                counts[slot] = 0;
            }
        }

        return new VBuffer<float>(Length, values.Count, [.. values], [.. indices]);
    }

    /// <summary>
    /// Adds the features' dot product with <paramref name="weights"/> (feature-major: the scores.Length class
    /// weights of slot i at i·classes) to <paramref name="scores"/>. The hot path: no allocation.
    /// </summary>
    internal void Score(string? text, string? opening, ReadOnlySpan<float> weights, Span<float> scores)
    {
        var classes = scores.Length;
        if (weights.Length != Length * classes) throw new ArgumentException("weights do not match the featurizer", nameof(weights));
        var scratch = _scratch ??= new Scratch();
        Span<double> block = stackalloc double[classes];
        Span<char> source = default;
        foreach (var b in _blocks)
        {
            if (!b.Words) source = Normalize(b.Opening ? opening : text, scratch.Chars);
            var touched = Collect(b, source, scratch);
            if (touched.Length == 0) continue;
            var counts = scratch.Counts;
            block.Clear();
            long squares = 0;
            foreach (var slot in touched)
            {
                var count = counts[slot];
                counts[slot] = 0;
                squares += (long)count * count;
                var row = weights.Slice((b.Offset + slot) * classes, classes);
                for (var c = 0; c < classes; c++) block[c] += count * row[c];
            }

            // Normalising the block's sum once equals normalising each count: (Σ n·w)/‖n‖ = Σ (n/‖n‖)·w.
            var norm = Math.Sqrt(squares);
            for (var c = 0; c < classes; c++) scores[c] += (float)(block[c] / norm);
        }
    }

    private static double Norm(ReadOnlySpan<int> touched, ushort[] counts)
    {
        long squares = 0;
        foreach (var slot in touched) squares += (long)counts[slot] * counts[slot];
        return Math.Sqrt(squares);
    }

    /// <summary>Counts the block's hashed n-grams into scratch.Counts; returns the distinct slots touched (their counts must be reset by the caller).</summary>
    private static Span<int> Collect(Block block, ReadOnlySpan<char> norm, Scratch scratch)
    {
        var needed = block.Mask + 1;
        if (scratch.Counts.Length < needed) scratch.Counts = new ushort[needed];
        return block.Words ? CollectWords(block, norm, scratch) : CollectChars(block, norm, scratch);
    }

    /// <summary>Lower-case, digits dropped (numbers say little about the register and vary between replies), framed by the markers.</summary>
    private static Span<char> Normalize(string? raw, char[] into)
    {
        var source = (raw ?? "").AsSpan();
        if (source.Length > MaxChars) source = source[..MaxChars];
        var n = 0;
        into[n++] = StartMarker;
        foreach (var ch in source)
        {
            if (char.IsDigit(ch)) continue;
            into[n++] = char.ToLowerInvariant(ch);
        }

        into[n++] = EndMarker;
        return into.AsSpan(0, n);
    }

    private static Span<int> CollectChars(Block block, ReadOnlySpan<char> text, Scratch scratch)
    {
        var counts = scratch.Counts;
        var touched = scratch.Touched;
        var t = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var h = CharSeed;
            var last = Math.Min(text.Length, i + block.Ngram);
            for (var j = i; j < last; j++)
            {
                h = Mix(h, text[j]);
                var slot = (int)(Finish(h, (uint)(j - i + 1)) & (uint)block.Mask);
                if (counts[slot]++ == 0) touched[t++] = slot;
            }
        }

        return touched.AsSpan(0, t);
    }

    private static Span<int> CollectWords(Block block, ReadOnlySpan<char> framed, Scratch scratch)
    {
        // Words are read without the markers; tokens are split on any white space, punctuation stays on the word.
        var text = framed[1..^1];
        var tokens = scratch.Tokens;
        var n = 0;
        for (var i = 0; i < text.Length;)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i == text.Length) break;
            var h = WordSeed;
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) h = Mix(h, text[i++]);
            tokens[n++] = Finish(h, (uint)(i - start));
        }

        var counts = scratch.Counts;
        var touched = scratch.Touched;
        var t = 0;
        for (var i = 0; i < n; i++)
        {
            var h = GramSeed;
            var last = Math.Min(n, i + block.Ngram);
            for (var j = i; j < last; j++)
            {
                h = Mix(h, tokens[j]);
                var slot = (int)(Finish(h, (uint)(j - i + 1)) & (uint)block.Mask);
                if (counts[slot]++ == 0) touched[t++] = slot;
            }
        }

        return touched.AsSpan(0, t);
    }

    private const uint CharSeed = 0x9747b28c;
    private const uint WordSeed = 0x2f1b5e3d;
    private const uint GramSeed = 0x6a09e667;

    /// <summary>One Murmur3 (x86, 32-bit) body step.</summary>
    internal static uint Mix(uint h, uint k)
    {
        k *= 0xcc9e2d51;
        k = BitOperations.RotateLeft(k, 15);
        k *= 0x1b873593;
        h ^= k;
        h = BitOperations.RotateLeft(h, 13);
        return (h * 5) + 0xe6546b64;
    }

    /// <summary>
    /// Murmur3's finalizer over <paramref name="units"/> 4-byte blocks: with <see cref="Mix"/> this is MurmurHash3_x86_32 of the
    /// units as little-endian 32-bit words, a published, platform-independent function.
    /// </summary>
    internal static uint Finish(uint h, uint units)
    {
        h ^= units * 4;
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >> 16);
    }

    private sealed record Block(bool Opening, bool Words, int Ngram, int Mask, int Offset);

    /// <summary>Per-thread buffers; Counts is all zeros between calls (callers reset the slots they touched).</summary>
    private sealed class Scratch
    {
        // ushort: a block has at most (MaxChars + 2) · 8 n-grams, and half the bytes of int keep more of it in cache.
        public ushort[] Counts = [];
        public readonly char[] Chars = new char[MaxChars + 2];
        public readonly uint[] Tokens = new uint[MaxChars];
        public readonly int[] Touched = new int[(MaxChars + 2) * 8];
    }
}
