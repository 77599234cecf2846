using Arbiter.Core.Arena;

namespace Arbiter.Simulator.Tests.Arena;

public sealed class SimArenaVotesTests
{
    private static readonly SimModelProfile Strong = SimModelProfile.Simple("strong", 0.9);
    private static readonly SimModelProfile Weak = SimModelProfile.Simple("weak", 0.4);

    [Fact]
    public void The_same_seed_gives_the_same_votes_so_storing_them_twice_adds_nothing()
    {
        var first = SimArenaVotes.Generate(SimModelZoo.Default, 300, seed: 3);
        var again = SimArenaVotes.Generate(SimModelZoo.Default, 300, seed: 3);
        Assert.Equal(first, again);
        Assert.Equal(300, first.Select(b => b.BattleId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(first, b => Assert.StartsWith(SimArenaVotes.IdPrefix, b.BattleId, StringComparison.Ordinal));
        Assert.NotEqual(first.Select(b => b.Winner), SimArenaVotes.Generate(SimModelZoo.Default, 300, seed: 4).Select(b => b.Winner));
    }

    [Fact]
    public void Votes_pair_two_different_models_with_a_known_winner_and_favour_the_abler_model()
    {
        var votes = SimArenaVotes.Generate([Strong, Weak], 2000);
        Assert.All(votes, b => Assert.NotEqual(b.ModelA, b.ModelB));
        Assert.All(votes, b => Assert.True(BattleWinner.IsKnown(b.Winner), b.Winner));
        double Score(ArenaBattle b) => BattleWinner.IsTie(b.Winner) ? 0.5 : (b.Winner == BattleWinner.ModelA) == (b.ModelA == "strong") ? 1 : 0;
        // Ability 0.9 against 0.4: logit 2.5, so the strong model's expected score is about 0.92 (2,000 votes: ± 0.012 at 2 s.e.).
        var share = votes.Average(Score);
        Assert.InRange(share, 0.89, 0.95);
        Assert.Contains(votes, b => BattleWinner.IsTie(b.Winner));
        Assert.Equal(["en", "ru", "zh"], votes.Select(b => b.Language).Distinct().Order(StringComparer.Ordinal));
    }
}
