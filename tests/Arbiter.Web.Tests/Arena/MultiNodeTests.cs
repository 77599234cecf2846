using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

/// <summary>
/// Two <c>arbiter serve</c> nodes on one store, one browser whose requests a load balancer sends to either: the store,
/// not a node's memory, decides replays and limits, and each node's board shows the other's votes.
/// </summary>
public sealed class MultiNodeTests
{
    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_vote_accepted_by_one_node_is_refused_as_a_replay_by_the_other_and_after_a_restart(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store);
        using var atA = nodes.Client(0);
        var (voted, _) = await atA.FightAsync("Why is the sky blue?");
        var (open, _) = await atA.FightAsync("Why is grass green?");
        using (var first = await atA.VoteAsync(voted.Token)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        // The same browser reaches node B: its cookies and node A's anti-forgery token are accepted there (shared secret).
        using var atB = nodes.SameBrowser(atA, 1);
        using (var replay = await atB.VoteAsync(voted.Token))
        {
            Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        }

        // A battle that ran on A is votable at B (A shared it through the store); B verified A's signature.
        using (var elsewhere = await atB.VoteAsync(open.Token)) Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        using (var back = await atA.VoteAsync(open.Token)) Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        using (var forged = await atB.VoteAsync(voted.Token[..^2] + "AA")) Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        await nodes.RestartAsync(0);
        using var afterRestart = nodes.SameBrowser(atA, 0);
        using (var replay = await afterRestart.VoteAsync(voted.Token)) Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(2, await nodes.Store(1).CountBattlesAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_per_voter_limit_counts_votes_on_every_node_and_survives_a_restart(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store, configure: o => o.VotesPerVoterPerHour = 2);
        using var atA = nodes.Client(0);
        await VoteOnAsync(atA, "question 1?", HttpStatusCode.OK);
        using var atB = nodes.SameBrowser(atA, 1);
        await VoteOnAsync(atB, "question 2?", HttpStatusCode.OK);
        await VoteOnAsync(atA, "question 3?", HttpStatusCode.TooManyRequests);

        await nodes.RestartAsync(0);
        await nodes.RestartAsync(1);
        using var again = nodes.SameBrowser(atA, 1);
        await VoteOnAsync(again, "question 4?", HttpStatusCode.TooManyRequests);
        // Another voter is not held by the first one's votes.
        using var other = nodes.Client(0);
        await VoteOnAsync(other, "question 5?", HttpStatusCode.OK);
        Assert.Equal(3, await nodes.Store(0).CountBattlesAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_per_address_limit_holds_across_nodes_and_restarts_and_the_store_keeps_only_keyed_hashes(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store, configure: o => o.VotesPerClientPerHour = 2);
        // Fresh cookies each time (a voter clearing them): only the address ties the votes together.
        using (var first = nodes.Client(0)) await VoteOnAsync(first, "question 1?", HttpStatusCode.OK);
        using (var second = nodes.Client(1)) await VoteOnAsync(second, "question 2?", HttpStatusCode.OK);
        using (var third = nodes.Client(0)) await VoteOnAsync(third, "question 3?", HttpStatusCode.TooManyRequests);
        await nodes.RestartAsync(1);
        using (var fourth = nodes.Client(1)) await VoteOnAsync(fourth, "question 4?", HttpStatusCode.TooManyRequests);

        var hashes = await nodes.ClaimColumnAsync("client_hash");
        Assert.Equal(2, hashes.Count);
        Assert.Single(hashes.Distinct());
        Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{32}$", h));
        Assert.DoesNotContain(hashes, h => h.Contains("127.0.0.1", StringComparison.Ordinal));
        Assert.All(await nodes.ClaimColumnAsync("prompt_hash"), h => Assert.DoesNotContain("question", h, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Each_nodes_board_shows_the_votes_and_voids_made_on_the_other(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store);
        using var atA = nodes.Client(0);
        using var boardB = nodes.Client(1);
        Assert.Equal(0, await BattlesOnBoardAsync(boardB));

        await VoteOnAsync(atA, "question 1?", HttpStatusCode.OK);
        await VoteOnAsync(atA, "question 2?", HttpStatusCode.OK);
        Assert.Equal(2, await BattlesOnBoardAsync(boardB));

        // An operator voids the voter's votes on node A; node B's board leaves them out too.
        Environment.SetEnvironmentVariable(nodes.AdminKeyEnv, "multi-node-admin-key");
        using var admin = nodes.Client(0);
        admin.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "multi-node-admin-key");
        var voter = (await nodes.Store(0).ReadBattlesAsync().FirstAsync()).Judge;
        using (var voided = await admin.Http.PostAsJsonAsync("/api/admin/battles/void", new { voter, reason = "test" }))
        {
            Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
        }

        Assert.Equal(0, await BattlesOnBoardAsync(boardB));
    }

    [Fact]
    public async Task A_malformed_or_required_but_missing_secret_stops_the_start_naming_the_variable_never_the_value()
    {
        var env = "ARBITER_TEST_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        const string TooShort = "c2VjcmV0LXZhbHVl"; // base64 of 12 bytes: below the 16 required
        Environment.SetEnvironmentVariable(env, TooShort);
        try
        {
            var bad = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => WebHarness.StartAsync(o => o.TokenSecretEnv = env));
            Assert.Contains(env, bad.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(TooShort, bad.Message, StringComparison.Ordinal);

            Environment.SetEnvironmentVariable(env, null);
            var missing = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
                WebHarness.StartAsync(o => (o.TokenSecretEnv, o.RequireTokenSecret) = (env, true)));
            Assert.Contains("RequireTokenSecret", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(env, null);
        }
    }

    private static async Task VoteOnAsync(ArenaClient browser, string prompt, HttpStatusCode expected)
    {
        var (ticket, _) = await browser.FightAsync(prompt);
        using var vote = await browser.VoteAsync(ticket.Token);
        Assert.Equal(expected, vote.StatusCode);
    }

    /// <summary>Battles the node's board counts (the JSON board's per-model battles, each battle counted for both its models).</summary>
    private static async Task<int> BattlesOnBoardAsync(ArenaClient browser)
    {
        var json = await browser.Http.GetStringAsync("/api/leaderboard");
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Sum(r => r.GetProperty("battles").GetInt32()) / 2;
    }
}
