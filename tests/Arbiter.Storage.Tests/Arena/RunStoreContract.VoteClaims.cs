using Arbiter.Core.Arena;

namespace Arbiter.Storage.Tests;

/// <summary>The vote-claim half of the store contract (<see cref="IVoteClaimStore"/>): what makes web nodes agree on replays and limits.</summary>
public abstract partial class RunStoreContract
{
    private const long ClaimT0 = 1_700_000_000_000;

    private static VoteClaim Claim(string battle, string voter = "web:a", string client = "c1", string prompt = "p1", long at = ClaimT0) =>
        new(battle, voter, client, prompt, at);

    private static Func<VoteWindow, bool> AtMost(int perVoter, int perClient = int.MaxValue) => w => w.ByVoter < perVoter && w.ByClient < perClient;

    [Fact]
    public async Task A_battle_claimed_through_one_connection_is_a_replay_through_another_and_refusals_record_nothing()
    {
        await using var nodeA = await OpenMigratedAsync();
        await using var nodeB = await OpenMigratedAsync();
        var (a, b) = ((IVoteClaimStore)nodeA, (IVoteClaimStore)nodeB);

        Assert.Equal(VoteClaimOutcome.Claimed, (await a.ClaimVoteAsync(Claim("b1"), 0, AtMost(2), Ct)).Outcome);
        Assert.Equal(VoteClaimOutcome.Replayed, (await b.ClaimVoteAsync(Claim("b1", voter: "web:z", client: "c9"), 0, AtMost(2), Ct)).Outcome);
        Assert.True(await b.IsVoteClaimedAsync("b1", Ct));

        var second = await b.ClaimVoteAsync(Claim("b2", prompt: "p1", at: ClaimT0 + 1), 0, AtMost(2), Ct);
        Assert.Equal((VoteClaimOutcome.Claimed, new VoteWindow(1, 1, 1, 1)), (second.Outcome, second.Window));
        var refused = await a.ClaimVoteAsync(Claim("b3", at: ClaimT0 + 2), 0, AtMost(2), Ct);
        Assert.Equal((VoteClaimOutcome.Refused, 2), (refused.Outcome, refused.Window.ByVoter));
        Assert.False(await a.IsVoteClaimedAsync("b3", Ct));

        // Another voter from the same client: the client's distinct voters include the new one. A window start after
        // the earlier claims leaves them out.
        var other = await a.ClaimVoteAsync(Claim("b4", voter: "web:b", prompt: "p2", at: ClaimT0 + 3), 0, AtMost(2), Ct);
        Assert.Equal(new VoteWindow(0, 2, 0, 2), other.Window);
        Assert.Equal(new VoteWindow(0, 0, 0, 1), (await b.ClaimVoteAsync(Claim("b5", at: ClaimT0 + 4), ClaimT0 + 4, AtMost(2), Ct)).Window);

        Assert.Equal(2, await a.PruneVoteClaimsAsync(ClaimT0 + 2, Ct));
        Assert.False(await b.IsVoteClaimedAsync("b1", Ct));
        Assert.True(await b.IsVoteClaimedAsync("b4", Ct));
    }

    [Fact]
    public async Task The_window_counts_the_distinct_addresses_of_a_signed_in_voter_on_every_connection()
    {
        await using var nodeA = await OpenMigratedAsync();
        await using var nodeB = await OpenMigratedAsync();
        var (a, b) = ((IVoteClaimStore)nodeA, (IVoteClaimStore)nodeB);
        const string user = "user:00112233445566778899aabbccddeeff";
        await a.ClaimVoteAsync(Claim("s1", voter: user, client: "c1"), 0, AtMost(10), Ct);
        await b.ClaimVoteAsync(Claim("s2", voter: user, client: "c2", at: ClaimT0 + 1), 0, AtMost(10), Ct);
        await a.ClaimVoteAsync(Claim("s3", voter: user, client: "c2", at: ClaimT0 + 2), 0, AtMost(10), Ct);

        Assert.Equal(new VoteWindow(3, 0, 3, 1, 3), (await b.ClaimVoteAsync(Claim("s4", voter: user, client: "c3", at: ClaimT0 + 3), 0, AtMost(10), Ct)).Window);
        Assert.Equal(3, (await a.ClaimVoteAsync(Claim("s5", voter: user, client: "c1", at: ClaimT0 + 4), 0, AtMost(10), Ct)).Window.ClientsOfVoter);
    }

    [Fact]
    public async Task Racing_claims_on_two_connections_never_exceed_the_limit_or_claim_a_battle_twice()
    {
        await using var nodeA = await OpenMigratedAsync();
        await using var nodeB = await OpenMigratedAsync();
        IVoteClaimStore[] nodes = [(IVoteClaimStore)nodeA, (IVoteClaimStore)nodeB];

        // 20 different battles by one voter, limit 3: exactly 3 win whichever connection each goes through.
        var byVoter = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => nodes[i % 2].ClaimVoteAsync(Claim($"v{i}", at: ClaimT0 + i), 0, AtMost(3), Ct))));
        Assert.Equal(3, byVoter.Count(r => r.Outcome == VoteClaimOutcome.Claimed));
        Assert.Equal(17, byVoter.Count(r => r.Outcome == VoteClaimOutcome.Refused));

        // One battle, 10 voters on different clients (different locks): the battle is claimed once.
        var oneBattle = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => nodes[i % 2].ClaimVoteAsync(Claim("same", voter: $"web:{i}", client: $"c{i}"), 0, AtMost(100), Ct))));
        Assert.Equal(1, oneBattle.Count(r => r.Outcome == VoteClaimOutcome.Claimed));
        Assert.Equal(9, oneBattle.Count(r => r.Outcome == VoteClaimOutcome.Replayed));
    }
}
