using Arbiter.Engine.Scoring;

namespace Arbiter.Engine.Tests.Scoring;

public sealed class ThinkStreamFilterTests
{
    private static (string Shown, int Resets) Feed(params string[] pieces)
    {
        var filter = new ThinkStreamFilter();
        var shown = "";
        var resets = 0;
        foreach (var p in pieces)
        {
            var (reset, text) = filter.Push(p);
            if (reset)
            {
                resets++;
                shown = "";
            }

            shown += text;
        }

        return (shown, resets);
    }

    [Fact]
    public void Reasoning_split_across_pieces_never_comes_out()
    {
        var filter = new ThinkStreamFilter();
        var outputs = new List<string>();
        foreach (var p in new[] { "<th", "ink>I am GigaChat, made by Sber", "er.</thi", "nk>\n\nThe answer", " is 42." })
        {
            outputs.Add(filter.Push(p).Text);
        }

        Assert.DoesNotContain(outputs, o => o.Contains("Sber", StringComparison.Ordinal) || o.Contains("think", StringComparison.OrdinalIgnoreCase) || o.Contains('<'));
        Assert.Equal("The answer is 42.", string.Concat(outputs));
    }

    [Fact]
    public void An_unterminated_block_shows_nothing_and_plain_text_passes_through()
    {
        Assert.Equal(("", 0), Feed("<think>still thinking", " about it"));
        Assert.Equal(("a < b and c", 0), Feed("a ", "<", " b and c"));
    }

    [Fact]
    public void A_closing_tag_without_an_opening_one_resets_to_the_answer()
    {
        var (shown, resets) = Feed("Reasoning the server ", "left untagged", "</think>", "Answer.");
        Assert.Equal("Answer.", shown);
        Assert.Equal(1, resets);
    }
}
