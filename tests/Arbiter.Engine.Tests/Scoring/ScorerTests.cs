using Arbiter.Core.Suites;
using Arbiter.Engine.Scoring;

namespace Arbiter.Engine.Tests.Scoring;

public sealed class ScorerTests
{
    private static SuiteItem Mc(string target) => new("q1", [new ChatTurn("user", "Q?")], ["one", "two", "three", "four"], target, null, new Dictionary<string, string>());

    private static SuiteItem Num(string target) => new("n1", [new ChatTurn("user", "How many?")], null, target, null, new Dictionary<string, string>());

    [Theory]
    [InlineData("The answer is B.", 'B')]
    [InlineData("Answer: (C)", 'C')]
    [InlineData("**D**", 'D')]
    [InlineData("A", 'A')]
    [InlineData("(b) is wrong; the correct option is C", 'C')]
    [InlineData("Ответ: Б", 'B')]
    [InlineData("Правильный ответ — В", 'C')] // Cyrillic В is the third letter
    [InlineData("Ответ: Г.", 'D')]
    [InlineData("答案是B", 'B')]
    [InlineData("经过分析，选C。", 'C')]
    [InlineData("正确答案：Ｄ", 'D')]
    [InlineData("First I thought A, but the final answer is D", 'D')]
    [InlineData("B. two\nbecause two is right", 'B')]
    public void Choice_letters_are_extracted_in_every_supported_form(string answer, char expected)
    {
        var found = ChoiceExtractor.Extract(answer);
        Assert.NotNull(found);
        Assert.Equal(expected, found.Value.Letter);
    }

    [Theory]
    [InlineData("I am not sure.")]
    [InlineData("This is a question about a topic.")]
    [InlineData("")]
    public void No_letter_is_invented(string answer) => Assert.Null(ChoiceExtractor.Extract(answer));

    [Fact]
    public void Choice_scorer_records_what_it_extracted_and_why()
    {
        var item = Mc("B");
        var right = ScorerFactory.For(item, ScorerSpec.Auto).Score(item, "Ответ: Б");
        var wrong = ScorerFactory.For(item, ScorerSpec.Auto).Score(item, "答案是C");
        Assert.Equal(1, right.Value);
        Assert.Equal("B", right.Extracted);
        Assert.Contains("expected B", right.Explanation, StringComparison.Ordinal);
        Assert.Equal(0, wrong.Value);
        Assert.Equal("C", wrong.Extracted);
    }

    [Fact]
    public void Choice_scorer_accepts_the_option_text_itself()
    {
        var item = Mc("C");
        Assert.Equal(1, ScorerFactory.For(item, ScorerSpec.Auto).Score(item, "Three.").Value);
    }

    [Theory]
    [InlineData("1,234.5", 1234.5)]
    [InlineData("1 234,5", 1234.5)]
    [InlineData("1\u00A0234,5", 1234.5)]
    [InlineData("1.234,5", 1234.5)]
    [InlineData("2,125", 2125)]
    [InlineData("3,5", 3.5)]
    [InlineData("-7", -7)]
    [InlineData("−12.25", -12.25)]
    [InlineData("1,000,000", 1000000)]
    public void Numbers_parse_in_en_ru_and_eu_conventions(string token, double expected) =>
        Assert.Equal((decimal)expected, NumberExtractor.Parse(token));

    [Theory]
    [InlineData("So the total is 12 000 руб.", "12000")]
    [InlineData("The answer is 1,234.5 dollars", "1234.5")]
    [InlineData("Ответ: 1 234,5 кг", "1234.5")]
    [InlineData("答案是42个", "42")]
    [InlineData("Step 1: 3 + 4 = 7. Step 2: 7 * 2 = 14.\n#### 14", "14")]
    [InlineData("First 5 apples, then 8. Final answer: 13 apples", "13")]
    [InlineData("12%", "12")]
    public void Numeric_scorer_finds_the_answer_number(string answer, string target)
    {
        var item = Num(target);
        var result = ScorerFactory.For(item, ScorerSpec.Auto).Score(item, answer);
        Assert.True(result.Value == 1, result.Explanation);
    }

    [Fact]
    public void Numeric_scorer_rejects_a_wrong_number_and_says_what_it_read()
    {
        var item = Num("14");
        var result = ScorerFactory.For(item, ScorerSpec.Auto).Score(item, "The answer is 15.");
        Assert.Equal(0, result.Value);
        Assert.Equal("15", result.Extracted);
    }

    [Fact]
    public void Think_blocks_are_split_off_before_scoring()
    {
        var (answer, thinking) = ThinkSplitter.Split("<think>maybe A? no, B</think>The answer is C.");
        Assert.Equal("The answer is C.", answer);
        Assert.Equal("maybe A? no, B", thinking);
    }

    [Fact]
    public void An_unterminated_think_block_is_all_thinking()
    {
        var (answer, thinking) = ThinkSplitter.Split("<think>Let me compute 2+2 = 4 and the answer is B");
        Assert.Equal("", answer);
        Assert.Contains("answer is B", thinking, StringComparison.Ordinal);
        Assert.Null(ChoiceExtractor.Extract(answer));
    }

    [Fact]
    public void A_closing_tag_without_an_opening_tag_marks_preceding_text_as_thinking()
    {
        var (answer, thinking) = ThinkSplitter.Split("reasoning about A\n</think>\nAnswer: D");
        Assert.Equal("Answer: D", answer);
        Assert.Equal("reasoning about A", thinking);
    }

    [Fact]
    public void Kimi_think_markers_are_split_like_think_tags()
    {
        // Kimi-VL-A3B-Thinking wraps its reasoning in ◁think▷…◁/think▷ (seen in SpeechMap's recorded answers).
        var (answer, thinking) = ThinkSplitter.Split("◁think▷The user wants B.◁/think▷The answer is B.");
        Assert.Equal("The answer is B.", answer);
        Assert.Equal("The user wants B.", thinking);
    }

    [Fact]
    public void Text_without_think_tags_is_unchanged()
    {
        var (answer, thinking) = ThinkSplitter.Split("plain");
        Assert.Equal("plain", answer);
        Assert.Null(thinking);
    }

    [Fact]
    public void Regex_exact_normalized_and_contains_scorers()
    {
        var item = new SuiteItem("t", [new ChatTurn("user", "Capital?")], null, "Москва", ["Moscow"], new Dictionary<string, string>());
        Assert.Equal(1, ScorerFactory.For(item, new ScorerSpec("normalized")).Score(item, "  москва. ").Value);
        Assert.Equal(0, ScorerFactory.For(item, new ScorerSpec("exact")).Score(item, "москва").Value);
        Assert.Equal(1, ScorerFactory.For(item, new ScorerSpec("contains")).Score(item, "It is Moscow, of course").Value);
        var rx = ScorerFactory.For(item, new ScorerSpec("regex", @"Capital:\s*(\w+)")).Score(item, "Capital: Moscow");
        Assert.Equal(1, rx.Value);
        Assert.Equal("Moscow", rx.Extracted);
    }
}

public sealed class ChineseAdjacencyTests
{
    [Theory]
    [InlineData("总共有42个苹果", 42)]
    [InlineData("他付了1,250元。", 1250)]
    public void Numbers_next_to_Chinese_characters_are_found(string text, double expected) =>
        Assert.Equal((decimal)expected, NumberExtractor.ExtractAnswer(text)?.Value);

    [Theory]
    [InlineData("选B项", 'B')]
    [InlineData("答案是C选项", 'C')]
    public void Letters_next_to_Chinese_characters_are_found(string text, char expected) =>
        Assert.Equal(expected, ChoiceExtractor.Extract(text)?.Letter);
}
