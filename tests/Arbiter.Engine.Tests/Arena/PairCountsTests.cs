using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Tests.Arena;

public sealed class PairCountsTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(100)] // widened once
    [InlineData(PairCounts.DenseModels + 90)] // moved to the dictionary part-way through
    public void Every_battle_is_counted_once_under_its_pair_and_outcome(int models)
    {
        var rng = new Random(models);
        var counts = new PairCounts();
        var expected = new Dictionary<(int, int, sbyte), int>();
        // Models appear in order of first use, as a reader interns them, so the table grows while it counts.
        for (int k = 0, seen = 2; k < 20_000; k++)
        {
            seen = Math.Min(models, seen + (k % 7 == 0 ? 1 : 0));
            int a = rng.Next(seen), b = rng.Next(seen);
            sbyte outcome = (sbyte)(rng.Next(5) - 1);
            counts.Add(a, b, outcome);
            expected[(a, b, outcome)] = expected.GetValueOrDefault((a, b, outcome)) + 1;
        }

        var actual = counts.All().ToDictionary(c => (c.A, c.B, c.Outcome), c => c.Count);
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
    }
}
