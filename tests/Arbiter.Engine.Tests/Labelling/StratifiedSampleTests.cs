using Arbiter.Engine.Labelling;

namespace Arbiter.Engine.Tests.Labelling;

public sealed class StratifiedSampleTests
{
    private static List<LabellingCandidate> Candidates()
    {
        // 95 answers and 5 propaganda replies of one model/topic/language: a proportional draw of 10 would expect 0.5 propaganda rows.
        var list = Enumerable.Range(0, 95).Select(i => new LabellingCandidate($"a{i:000}", "q", "r", "m", "t", "ru", "answer")).ToList();
        list.AddRange(Enumerable.Range(0, 5).Select(i => new LabellingCandidate($"p{i}", "q", "r", "m", "t", "ru", "propaganda")));
        return list;
    }

    [Fact]
    public void A_rare_predicted_register_gets_an_equal_share()
    {
        var items = StratifiedSample.Select(Candidates(), 10, seed: 1);
        Assert.Equal(10, items.Count);
        Assert.Equal(5, items.Count(i => i.Predicted == "propaganda"));
        Assert.Equal(Enumerable.Range(0, 10), items.Select(i => i.Position));
        Assert.Equal(10, items.Select(i => i.ItemId).Distinct().Count());
    }

    [Fact]
    public void A_small_stratum_runs_out_and_the_rest_fill_the_size()
    {
        var items = StratifiedSample.Select(Candidates(), 40, seed: 1);
        Assert.Equal((5, 35), (items.Count(i => i.Predicted == "propaganda"), items.Count(i => i.Predicted == "answer")));
        Assert.Equal(100, StratifiedSample.Select(Candidates(), 500, seed: 1).Count);
    }

    [Fact]
    public void Same_seed_same_rows_and_order_other_seed_other_order()
    {
        var a = StratifiedSample.Select(Candidates(), 20, 7).Select(i => i.ItemId).ToList();
        Assert.Equal(a, StratifiedSample.Select(Candidates(), 20, 7).Select(i => i.ItemId));
        Assert.NotEqual(a, StratifiedSample.Select(Candidates(), 20, 8).Select(i => i.ItemId));
    }
}
