using Arbiter.Engine.Scoring;

namespace Arbiter.Engine.Tests.Scoring;

/// <summary>Choice letters as models state them (issue 13, defect 10 and its kin).</summary>
public sealed class ChoiceExtractorTests
{
    [Theory]
    [InlineData("A, B, C or D? I'd go with C.", 'C')]
    [InlineData("Is it A, B, C or D? I'll pick B", 'B')]
    [InlineData("Between A and D, I choose D.", 'D')]
    [InlineData("The options are A, B, C and D. After thinking, I would select A.", 'A')]
    [InlineData("Hmm, A or B... B.", 'B')]
    [InlineData("Я выбираю В", 'C')]
    [InlineData("答案是（Ｃ）", 'C')]
    [InlineData("Answer: Ｂ", 'B')]
    [InlineData("I'd go with C, because B is too small.", 'C')]
    [InlineData("Choose A, B, C or D.\nB", 'B')] // an echoed instruction lists options, it states none
    public void The_last_stated_choice_wins(string answer, char expected) =>
        Assert.Equal(expected, ChoiceExtractor.Extract(answer)?.Letter);

    [Theory]
    [InlineData("A, B, C or D?")]
    [InlineData("It could be A, B, C or D.")]
    public void A_list_of_options_alone_is_not_a_choice(string answer) => Assert.Null(ChoiceExtractor.Extract(answer));
}
