using System.Numerics;

namespace Arbiter.Statistics.Sampling;

/// <summary>
/// A small, fast, seeded pseudo-random generator (xoshiro256**, state expanded from the seed with
/// SplitMix64). We own the algorithm so that results never depend on the runtime's
/// <see cref="System.Random"/> implementation, which is allowed to change between .NET versions.
/// </summary>
/// <remarks>Not thread-safe: give every thread (or every bootstrap round) its own instance.</remarks>
public sealed class SeededRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a generator whose whole sequence is determined by <paramref name="seed"/>.</summary>
    public SeededRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64.Next(ref x);
        _s1 = SplitMix64.Next(ref x);
        _s2 = SplitMix64.Next(ref x);
        _s3 = SplitMix64.Next(ref x);
    }

    /// <summary>
    /// Creates the generator for one numbered stream (e.g. one bootstrap round) of a seeded computation.
    /// Each round gets its own generator so that parallel execution order cannot change any result.
    /// </summary>
    public static SeededRandom ForStream(ulong seed, long stream) => new(SplitMix64.Combine(seed, stream));

    /// <summary>Returns 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Returns a uniformly distributed integer in [0, <paramref name="bound"/>).</summary>
    /// <remarks>Lemire's multiply-shift with rejection: unbiased, and almost never loops.</remarks>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        ulong range = (ulong)bound;
        ulong high = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0UL - range) % range;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (int)high;
    }

    /// <summary>Returns a uniformly distributed double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
