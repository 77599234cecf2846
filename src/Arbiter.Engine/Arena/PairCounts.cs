using System.Runtime.InteropServices;

namespace Arbiter.Engine.Arena;

/// <summary>
/// Battles counted per (model A, model B, outcome) as they are read. Up to <see cref="DenseModels"/> models the
/// counts sit in one dense array (a row costs one memory access; 300 models take 1.8 MB); past that they move
/// to a dictionary, which holds only the pairs that occur.
/// </summary>
internal sealed class PairCounts
{
    /// <summary>Largest model count kept dense: 512² pairs × 5 outcomes × 4 bytes = 5 MB.</summary>
    internal const int DenseModels = 512;

    // Slots per pair: the outcome byte + 1, the unknown outcome (−1) in slot 0.
    private const int Slots = 5;
    private int[]? _dense = new int[64 * 64 * Slots];
    private int _stride = 64;
    private Dictionary<long, int>? _sparse;

    public void Add(int a, int b, sbyte outcome, int count = 1)
    {
        if (_dense is not null)
        {
            if (a >= _stride || b >= _stride) Widen(Math.Max(a, b));
            if (_dense is not null)
            {
                _dense[(((a * _stride) + b) * Slots) + outcome + 1] += count;
                return;
            }
        }

        CollectionsMarshal.GetValueRefOrAddDefault(_sparse!, Key(a, b, outcome), out _) += count;
    }

    /// <summary>Every non-zero count.</summary>
    public IEnumerable<(int A, int B, sbyte Outcome, int Count)> All()
    {
        if (_sparse is not null)
        {
            foreach (var (key, count) in _sparse)
            {
                yield return ((int)(key >> 32), (int)((key >> 3) & 0x1FFF_FFFF), (sbyte)((int)(key & 7) - 1), count);
            }

            yield break;
        }

        for (int k = 0; k < _dense!.Length; k++)
        {
            if (_dense[k] != 0)
            {
                int pair = k / Slots;
                yield return (pair / _stride, pair % _stride, (sbyte)((k % Slots) - 1), _dense[k]);
            }
        }
    }

    private static long Key(int a, int b, sbyte outcome) => ((long)a << 32) | ((long)b << 3) | (long)(outcome + 1);

    private void Widen(int model)
    {
        var old = All().ToList();
        int stride = _stride;
        while (stride <= model) stride *= 2;
        if (stride <= DenseModels)
        {
            (_dense, _stride) = (new int[stride * stride * Slots], stride);
        }
        else
        {
            (_dense, _sparse) = (null, new Dictionary<long, int>(MixedKey.Instance));
        }

        foreach (var (a, b, outcome, count) in old)
        {
            if (_dense is not null) _dense[(((a * _stride) + b) * Slots) + outcome + 1] = count;
            else _sparse![Key(a, b, outcome)] = count;
        }
    }

    /// <summary>
    /// long's own hash XORs the halves, which for these keys (small indices in both halves) puts a few hundred
    /// thousand keys on a few thousand hashes; a multiplicative mix spreads them.
    /// </summary>
    private sealed class MixedKey : IEqualityComparer<long>
    {
        public static readonly MixedKey Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long obj) => (int)(((ulong)obj * 0x9E3779B97F4A7C15UL) >> 32);
    }
}
