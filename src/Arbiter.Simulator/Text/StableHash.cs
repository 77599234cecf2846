using System.Buffers;

namespace Arbiter.Simulator;

/// <summary>
/// Process-independent hashing (string.GetHashCode is randomised per process, which would make the
/// simulation differ between runs). FNV-1a for the bytes, SplitMix64's finaliser for the avalanche.
/// </summary>
internal static class StableHash
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    public static ulong Of(string text) => Of(text.AsSpan());

    public static ulong Of(ReadOnlySpan<char> text)
    {
        ulong h = FnvOffset;
        foreach (char c in text)
        {
            h = (h ^ c) * FnvPrime;
        }

        return Finalize(h);
    }

    public static ulong Of(in ReadOnlySequence<byte> bytes)
    {
        ulong h = FnvOffset;
        foreach (var segment in bytes)
        {
            foreach (byte b in segment.Span)
            {
                h = (h ^ b) * FnvPrime;
            }
        }

        return Finalize(h);
    }

    public static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    public static ulong Mix(ulong a, ulong b) => Finalize(a ^ Finalize(b + 0x9E3779B97F4A7C15));

    public static ulong Mix(ulong a, ulong b, ulong c) => Mix(Mix(a, b), c);

    public static ulong Mix(ulong a, ulong b, ulong c, ulong d) => Mix(Mix(Mix(a, b), c), d);

    /// <summary>A uniform double in [0, 1) from a hash.</summary>
    public static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));
}

/// <summary>A tiny deterministic generator (SplitMix64) for choosing among phrasings.</summary>
internal struct DetRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15;
        return StableHash.Finalize(_state);
    }

    public double NextDouble() => StableHash.Unit(NextUInt64());

    public int Next(int exclusiveMax) => exclusiveMax <= 1 ? 0 : (int)(NextUInt64() % (ulong)exclusiveMax);

    public int Next(int min, int exclusiveMax) => min + Next(exclusiveMax - min);

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
