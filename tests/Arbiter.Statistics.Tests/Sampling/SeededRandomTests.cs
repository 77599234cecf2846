using Arbiter.Statistics.Sampling;

namespace Arbiter.Statistics.Tests.Sampling;

public sealed class SeededRandomTests
{
    [Fact]
    public void Same_seed_gives_the_same_sequence_and_different_seeds_differ()
    {
        var a = new SeededRandom(7);
        var b = new SeededRandom(7);
        var c = new SeededRandom(8);
        for (int i = 0; i < 100; i++)
        {
            ulong x = a.NextUInt64();
            Assert.Equal(x, b.NextUInt64());
            Assert.NotEqual(x, c.NextUInt64());
        }
    }

    [Fact]
    public void Streams_of_one_seed_are_distinct_and_reproducible()
    {
        Assert.Equal(SeededRandom.ForStream(1, 5).NextUInt64(), SeededRandom.ForStream(1, 5).NextUInt64());
        Assert.NotEqual(SeededRandom.ForStream(1, 5).NextUInt64(), SeededRandom.ForStream(1, 6).NextUInt64());
        Assert.NotEqual(SeededRandom.ForStream(1, 5).NextUInt64(), SeededRandom.ForStream(2, 5).NextUInt64());
    }

    [Fact]
    public void NextInt_stays_in_range_and_is_roughly_uniform()
    {
        var random = new SeededRandom(123);
        int[] counts = new int[10];
        for (int i = 0; i < 100_000; i++)
        {
            counts[random.NextInt(10)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void NextDouble_is_in_the_unit_interval()
    {
        var random = new SeededRandom(5);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.InRange(random.NextDouble(), 0, 0.9999999999999999);
        }
    }
}
