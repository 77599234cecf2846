using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Tests.Arena;

public sealed class PromptCategoriesTests
{
    [Theory]
    [InlineData("Write a Python function that reverses a list.", "coding")]
    [InlineData("Напишите функцию на Python, которая считает слова.", "coding")]
    [InlineData("写一个 Python 函数，计算列表中所有偶数的和。", "coding")]
    [InlineData("Solve the equation 3x + 5 = 20.", "math")]
    [InlineData("Реши уравнение 2x - 4 = 10.", "math")]
    [InlineData("计算 12 × 7 等于多少？", "math")]
    [InlineData("Write a short poem about autumn in Moscow.", "creative-writing")]
    [InlineData("Напиши сказку про лису.", "creative-writing")]
    [InlineData("写一首关于春天的诗。", "creative-writing")]
    [InlineData("What documents do I need for a passport?", "open")]
    [InlineData("Why is the sky blue?", "open")]
    public void Typed_prompts_get_a_category(string prompt, string expected) => Assert.Equal(expected, PromptCategories.Detect(prompt));

    [Fact]
    public void A_long_prompt_without_a_content_rule_is_long_prompt() =>
        Assert.Equal("long-prompt", PromptCategories.Detect(string.Concat(Enumerable.Repeat("Please summarise this text for me. ", 40))));

    [Fact]
    public void A_client_cannot_invent_a_category()
    {
        string[] pool = ["banking", "science"];
        Assert.Equal("banking", PromptCategories.Choose("Banking", "What is a bond?", pool));
        Assert.Equal("math", PromptCategories.Choose(null, "Solve x + 1 = 2", pool));
        Assert.Equal("open", PromptCategories.Choose("<script>hack</script>", "What is a bond?", pool));
    }
}
