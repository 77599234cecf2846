using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Tests.Arena;

public sealed class StyleCounterTests
{
    [Fact]
    public void Markdown_is_counted_outside_fenced_code_only()
    {
        const string answer = "# Title\n\nSome **bold** and __also bold__ text.\n\n## Steps\n1. first\n2. second\n- bullet\n  * nested\n\n```python\n# comment, not a header\n- not a list\n**not bold**\n```\n#hashtag is not a header";

        var style = StyleCounter.Count(answer);

        Assert.Equal(new AnswerStyle(style.Tokens, 2, 4, 2), style);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("hello", 2)]
    [InlineData("a b c", 3)]
    [InlineData("你好世界", 4)]
    [InlineData("Hi, there!", 5)]
    public void Tokens_are_approximated_by_word_length_punctuation_and_cjk(string text, int tokens) =>
        Assert.Equal(tokens, StyleCounter.ApproximateTokens(text));
}
