using Arbiter.Web.Arena;

namespace Arbiter.Web.Tests.Arena;

public sealed class UnitTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Tokens_verify_once_and_expire()
    {
        var clock = new Clock(DateTimeOffset.UnixEpoch.AddYears(56));
        var tokens = new BattleTokens(new byte[32], TimeSpan.FromMinutes(10), clock);
        var token = tokens.Issue("abc");
        Assert.Equal(TokenCheck.Valid, tokens.Verify(token, out var id));
        Assert.Equal("abc", id);
        Assert.True(tokens.TryConsume(id));
        Assert.False(tokens.TryConsume(id));
        Assert.Equal(TokenCheck.Forged, new BattleTokens(Enumerable.Repeat((byte)1, 32).ToArray(), TimeSpan.FromMinutes(10), clock).Verify(token, out _));
        clock.Now += TimeSpan.FromMinutes(11);
        Assert.Equal(TokenCheck.Expired, tokens.Verify(token, out _));
    }

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

    [Theory]
    [InlineData("Почему небо голубое?", "ru")]
    [InlineData("为什么天空是蓝色的？", "zh")]
    [InlineData("Why is the sky blue?", "en")]
    public void Typed_prompts_get_a_language(string prompt, string language) => Assert.Equal(language, PromptPool.DetectLanguage(prompt));
}
