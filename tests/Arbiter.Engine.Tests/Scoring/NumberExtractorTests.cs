using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Scoring;

namespace Arbiter.Engine.Tests.Scoring;

/// <summary>Numbers as models write them (issue 13, defect 10 and its kin).</summary>
public sealed class NumberExtractorTests
{
    private static SuiteItem Num(string target) => new("n1", [new ChatTurn("user", "How many?")], null, target, null, new Dictionary<string, string>());

    private static ScoreResult Score(string target, string answer)
    {
        var item = Num(target);
        return ScorerFactory.For(item, ScorerSpec.Auto).Score(item, answer);
    }

    [Theory]
    [InlineData("答案是１２３", "123")] // full-width digits (Chinese IME)
    [InlineData("答案：－１２．５", "-12.5")] // full-width minus and full stop
    [InlineData("The answer is 1e6", "1000000")]
    [InlineData("Answer: 2.5E+3 metres", "2500")]
    [InlineData("about 1.5e-3 mol", "0.0015")]
    [InlineData("The answer is ١٢٣", "123")] // Arabic-Indic digits
    [InlineData("The answer is ۴۵", "45")] // Extended Arabic-Indic (Persian) digits
    [InlineData("उत्तर: १२", "12")] // Devanagari digits
    [InlineData("Total: 1,00,000 rupees", "100000")] // Indian grouping
    [InlineData("Answer: 1 000", "1000")]
    [InlineData("Answer: 1,000", "1000")]
    [InlineData("The answer is -5", "-5")]
    [InlineData("Ответ: −5 °C", "-5")]
    [InlineData("The answer is 1.5 × 10^6", "1500000")]
    [InlineData("c ≈ 3 × 10⁸ m/s", "300000000")]
    [InlineData("Ответ: 2,5·10^-3 моль", "0.0025")]
    [InlineData("Answer: 4 x 10^3", "4000")]
    [InlineData("The answer is 3 eggs", "3")] // a letter e after a number is not an exponent
    [InlineData("Answer: 3e", "3")]
    public void The_answer_number_matches_the_target(string answer, string target)
    {
        var result = Score(target, answer);
        Assert.True(result.Value == 1, result.Explanation);
    }

    [Theory]
    [InlineData("The answer is 1e6", "1")] // the exponent is part of the number, not a second number
    [InlineData("The answer is 1e6", "6")]
    public void A_number_in_exponent_form_is_not_read_as_its_mantissa(string answer, string target) =>
        Assert.Equal(0, Score(target, answer).Value);

    [Theory]
    [InlineData("1e6", 1000000)]
    [InlineData("1E6", 1000000)]
    [InlineData("-2.5e2", -250)]
    [InlineData("１２３", 123)]
    [InlineData("٣٫٥", 3.5)] // Arabic decimal separator U+066B
    [InlineData("1,00,000", 100000)]
    public void Tokens_parse(string token, double expected) =>
        Assert.Equal((decimal)expected, NumberExtractor.Parse(token));

    [Fact]
    public void A_number_too_large_for_decimal_is_not_a_crash()
    {
        Assert.Null(NumberExtractor.Parse("1e400"));
        Assert.Equal(0, Score("5", "The answer is 1e400").Value);
    }
}
