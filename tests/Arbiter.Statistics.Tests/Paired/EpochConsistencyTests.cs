using Arbiter.Statistics.Paired;

namespace Arbiter.Statistics.Tests.Paired;

public sealed class EpochConsistencyTests
{
    private static IEnumerable<ScoredSample> Item(string id, params double[] epochs) => epochs.Select((s, e) => new ScoredSample(id, e, s));

    [Fact]
    public void Counts_always_sometimes_never_majority_vote_and_agreement()
    {
        ScoredSample[] samples =
        [
            .. Item("a", 1, 1, 1), // always; majority right; agreement 1
            .. Item("b", 1, 0, 1), // sometimes; majority right; agreement 2/3
            .. Item("c", 0, 0, 1), // sometimes; majority wrong; agreement 2/3
            .. Item("d", 0, 0, 0), // never; agreement 1
            .. Item("e", 1, 0), // sometimes; a tie is not a majority; agreement 1/2
        ];

        EpochConsistency c = EpochConsistency.From(samples);

        Assert.Equal(5, c.Items);
        Assert.Equal(3, c.MaxEpochs);
        Assert.Equal((1, 3, 1), (c.Always, c.Sometimes, c.Never));
        Assert.Equal(2, c.MajorityCorrect);
        Assert.Equal(0.4, c.MajorityVoteAccuracy, 1e-15);
        Assert.Equal((1 + (2.0 / 3) + (2.0 / 3) + 1 + 0.5) / 5, c.Agreement, 1e-15);
        Assert.True(c.HasRepeats);
    }

    [Fact]
    public void Partial_credit_is_correct_only_at_full_credit_and_one_epoch_has_no_repeats()
    {
        EpochConsistency c = EpochConsistency.From([.. Item("a", 0.9), .. Item("b", 1)]);

        Assert.Equal((1, 0, 1), (c.Always, c.Sometimes, c.Never));
        Assert.False(c.HasRepeats);
        Assert.Equal(1, c.Agreement, 1e-15);
    }

    [Fact]
    public void No_samples_gives_zeros()
    {
        EpochConsistency c = EpochConsistency.From([]);

        Assert.Equal(0, c.Items);
        Assert.Equal(0, c.MajorityVoteAccuracy);
        Assert.Equal(0, c.Agreement);
    }
}
