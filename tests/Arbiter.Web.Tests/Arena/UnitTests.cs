using Arbiter.Engine.Text;
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
    public void Tokens_verify_under_the_same_key_only_and_expire()
    {
        var clock = new Clock(DateTimeOffset.UnixEpoch.AddYears(56));
        var tokens = new BattleTokens(new byte[32], TimeSpan.FromMinutes(10), clock);
        var token = tokens.Issue("abc");
        Assert.Equal(TokenCheck.Valid, tokens.Verify(token, out var id));
        Assert.Equal("abc", id);
        // Another node with the same secret verifies it (single use is the store's job, see MultiNodeTests).
        Assert.Equal(TokenCheck.Valid, new BattleTokens(new byte[32], TimeSpan.FromMinutes(10), clock).Verify(token, out _));
        Assert.Equal(TokenCheck.Forged, new BattleTokens(Enumerable.Repeat((byte)1, 32).ToArray(), TimeSpan.FromMinutes(10), clock).Verify(token, out _));
        clock.Now += TimeSpan.FromMinutes(11);
        Assert.Equal(TokenCheck.Expired, tokens.Verify(token, out _));
    }

    [Theory]
    [InlineData("Почему небо голубое?", "ru")]
    [InlineData("为什么天空是蓝色的？", "zh")]
    [InlineData("Why is the sky blue?", "en")]
    public void Typed_prompts_get_a_language(string prompt, string language) => Assert.Equal(language, ScriptLanguage.Detect(prompt));
}
