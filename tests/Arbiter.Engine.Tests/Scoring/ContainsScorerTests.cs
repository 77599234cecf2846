using Arbiter.Core.Suites;
using Arbiter.Engine.Scoring;

namespace Arbiter.Engine.Tests.Scoring;

/// <summary><c>contains</c> matches whole words for word-like targets; <c>substring</c> does not.</summary>
public sealed class ContainsScorerTests
{
    private static SuiteItem Item(string target) => new("t", [new ChatTurn("user", "?")], null, target, null, new Dictionary<string, string>());

    private static double Score(string kind, string target, string answer)
    {
        var item = Item(target);
        return ScorerFactory.For(item, new ScorerSpec(kind)).Score(item, answer).Value;
    }

    [Theory]
    [InlineData("cat", "You should concatenate the strings.", 0)]
    [InlineData("cat", "It is a cat.", 1)]
    [InlineData("cat", "CAT!", 1)]
    [InlineData("Moscow", "Moscow's the capital", 1)]
    [InlineData("Moscow", "It is Moscow, of course", 1)]
    [InlineData("New York", "It's New York City", 1)]
    [InlineData("New York", "Newark", 0)]
    [InlineData("12", "about 123 of them", 0)]
    [InlineData("3.5", "13.5 kg", 0)]
    [InlineData("3.5", "3.5 kg", 1)]
    [InlineData("U.S.A.", "the USA", 1)]
    [InlineData("ель", "Это модель", 0)]
    [InlineData("ель", "Это ель.", 1)]
    [InlineData("北京", "首都是北京市", 1)] // no spaces between Chinese words: substring is the only sensible rule
    [InlineData("ｃａｔ", "a cat", 1)] // full-width target folds to ASCII
    public void Contains_matches_whole_words_for_word_targets(string target, string answer, double expected) =>
        Assert.Equal(expected, Score("contains", target, answer));

    [Theory]
    [InlineData("cat", "You should concatenate the strings.", 1)]
    [InlineData("cat", "dog", 0)]
    public void Substring_matches_inside_words(string target, string answer, double expected) =>
        Assert.Equal(expected, Score("substring", target, answer));

    [Fact]
    public void Auto_for_a_text_target_matches_whole_words()
    {
        var item = Item("cat");
        Assert.Equal(0, ScorerFactory.For(item, ScorerSpec.Auto).Score(item, "concatenate").Value);
    }
}
