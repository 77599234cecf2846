namespace Arbiter.Statistics.Sampling;

/// <summary>SplitMix64: used to expand seeds and to derive independent per-stream seeds.</summary>
internal static class SplitMix64
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>Advances <paramref name="state"/> and returns the next output.</summary>
    public static ulong Next(ref ulong state)
    {
        state += Golden;
        return Mix(state);
    }

    /// <summary>Derives a well-mixed seed for stream number <paramref name="stream"/> of <paramref name="seed"/>.</summary>
    public static ulong Combine(ulong seed, long stream)
    {
        // Two rounds of mixing so that neighbouring (seed, stream) pairs give unrelated generators.
        ulong x = Mix(seed + Golden);
        return Mix(x ^ Mix(unchecked((ulong)stream + 1) * Golden));
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
