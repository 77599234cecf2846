using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Tests.Arena;

public sealed class PairSamplerTests
{
    [Fact]
    public void The_few_battles_sampler_favours_the_least_compared_pair()
    {
        var sampler = new PairSampler(PairSampling.FewBattles);
        for (var i = 0; i < 50; i++)
        {
            sampler.Record("a", "b");
            sampler.Record("a", "c");
        }

        var random = new Random(7);
        var bc = 0;
        for (var i = 0; i < 1000; i++)
        {
            var (x, y) = sampler.Draw(["a", "b", "c"], s => s, null, random)!.Value;
            if (new[] { x, y }.Order().SequenceEqual(["b", "c"])) bc++;
        }

        Assert.True(bc > 900, $"b–c drawn {bc} times of 1000");
    }

    [Fact]
    public void The_uniform_sampler_draws_every_pair_in_both_orders()
    {
        var sampler = new PairSampler(PairSampling.Uniform);
        var random = new Random(1);
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < 500; i++) seen.Add(sampler.Draw(["a", "b", "c"], s => s, null, random)!.Value);
        Assert.Equal(6, seen.Count);
        Assert.Null(sampler.Draw(["a"], s => s, null, random));
    }
}
