using Arbiter.Core.Suites;
using Arbiter.Engine.Scoring;

namespace Arbiter.Engine.Tests.Scoring;

/// <summary>One scorer per suite and spec, so a regex is compiled once per run, not once per sample.</summary>
public sealed class SuiteScorersTests
{
    private static SuiteItem Item(string id, string target, ScorerSpec? spec = null) =>
        new(id, [new ChatTurn("user", "?")], null, target, null, new Dictionary<string, string>()) { Scorer = spec };

    [Fact]
    public void The_same_spec_gives_the_same_scorer_instance()
    {
        var scorers = new SuiteScorers(new ScorerSpec("regex", @"Answer:\s*(\w+)"));
        var a = scorers.For(Item("a", "x"));
        Assert.Same(a, scorers.For(Item("b", "y")));
        Assert.Equal(1, a.Score(Item("b", "y"), "Answer: y").Value);
    }

    [Fact]
    public void Items_with_their_own_spec_or_shape_get_their_own_scorer()
    {
        var scorers = new SuiteScorers(ScorerSpec.Auto);
        var numeric = scorers.For(Item("n", "12"));
        var text = scorers.For(Item("t", "cat"));
        var own = scorers.For(Item("r", "x", new ScorerSpec("regex", "(x)")));
        Assert.NotSame(numeric, text);
        Assert.NotSame(text, own);
        Assert.Same(own, scorers.For(Item("r2", "x", new ScorerSpec("regex", "(x)"))));
        Assert.Equal(1, numeric.Score(Item("n", "12"), "12").Value);
        Assert.Equal(0, text.Score(Item("t", "cat"), "concatenate").Value);
    }
}
