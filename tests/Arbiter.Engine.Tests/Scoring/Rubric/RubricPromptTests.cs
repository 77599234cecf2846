using Arbiter.Engine.Scoring.Rubric;

namespace Arbiter.Engine.Tests.Scoring.Rubric;

public sealed class RubricPromptTests
{
    [Theory]
    // promptfoo's llm-rubric reply shape: {"reason", "pass", "score"}; "pass" decides.
    [InlineData("""{"reason": "names Paris", "pass": true, "score": 1.0}""", true, 1.0)]
    [InlineData("""{"reason": "no", "pass": false, "score": 0.0}""", false, 0.0)]
    [InlineData("""Thinking... {"pass": "true", "reason": "ok"}""", true, 1.0)]
    [InlineData("""{"reason": "partly", "score": 0.5}""", true, 0.5)]
    // The example in the system prompt may be quoted first: the last object wins.
    [InlineData("""Like {"pass": true} in the example, but here {"pass": false, "reason": "wrong"}""", false, 0.0)]
    [InlineData("I compared the output with the rubric.\n\nVerdict: PASS", true, 1.0)]
    [InlineData("Reasoning here.\n**FAIL**", false, 0.0)]
    public void Reads_a_verdict(string reply, bool pass, double score)
    {
        var verdict = RubricPrompt.Parse(reply);
        Assert.NotNull(verdict);
        Assert.Equal((pass, score), (verdict.Pass, verdict.Score));
    }

    [Theory]
    [InlineData("")]
    [InlineData("This rubric is hard to apply; the output has some merits and some faults.")]
    [InlineData("It would pass, I think, though it might fail a stricter reader.")] // words inside a sentence are no verdict
    [InlineData("""{"reason": "out of range", "score": 7}""")]
    [InlineData("""{"reason": "no verdict field"}""")]
    public void Replies_without_a_verdict_are_not_scored(string reply) => Assert.Null(RubricPrompt.Parse(reply));

    [Fact]
    public void The_user_turn_holds_question_output_and_rubric_in_promptfoo_sections()
    {
        var user = RubricPrompt.User("Capital of France?", "Paris.", "Names \"Paris\"");
        Assert.Equal("<Question>\nCapital of France?\n</Question>\n<Output>\nParis.\n</Output>\n<Rubric>\nNames \"Paris\"\n</Rubric>", user);
    }
}
