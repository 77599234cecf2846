using System.Net;
using System.Net.Http.Json;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

/// <summary>
/// A load balancer without session affinity: a battle that ran on one node is voted on at another, and the per-minute
/// limits count a client's requests on every node.
/// </summary>
public sealed class MultiNodeBattleTests
{
    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_battle_run_on_one_node_is_voted_on_at_the_other_once_with_the_same_record_and_no_prompt_text_in_the_store(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store);
        using var atA = nodes.Client(0);
        var (ticket, events) = await atA.FightAsync("Why is the sea salty?");
        Assert.Contains(events, e => e.Event == "end" && e.Data.GetProperty("canVote").GetBoolean());

        using var atB = nodes.SameBrowser(atA, 1);
        using (var vote = await atB.VoteAsync(ticket.Token, "model_b"))
        {
            Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
            var receipt = await vote.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ArenaClient.Json);
            Assert.Equal(ticket.BattleId, receipt.GetProperty("battleId").GetString());
        }

        // Once only, wherever the second vote lands.
        using (var again = await atB.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using (var atHome = await atA.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.Conflict, atHome.StatusCode);

        var battle = Assert.Single(await nodes.Store(0).ReadBattlesAsync().ToListAsync());
        Assert.Equal("model_b", battle.Winner);
        Assert.NotEqual(battle.ModelA, battle.ModelB);
        Assert.Equal(1, battle.Turn);
        Assert.StartsWith("sha256:", battle.ConversationA, StringComparison.Ordinal); // conversations not kept: hashes, as on node A
        Assert.StartsWith("sha256:", battle.ConversationB, StringComparison.Ordinal);
        Assert.Equal(Assert.Single(await nodes.ClaimColumnAsync("voter")), battle.Judge); // the voter cookie A issued
        var states = await nodes.ColumnAsync("battle_states", "state_json");
        Assert.Single(states);
        Assert.DoesNotContain("salty", states[0], StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_battle_whose_next_turn_started_on_its_node_cannot_be_voted_on_elsewhere_until_that_turn_is_answered(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store);
        using var atA = nodes.Client(0);
        var (ticket, _) = await atA.FightAsync("Name a prime number.");
        using (var followUp = await atA.PostAsync($"/api/arena/battles/{ticket.BattleId}/turns", new { token = ticket.Token, prompt = "And another one?" }))
        {
            Assert.Equal(HttpStatusCode.OK, followUp.StatusCode);
        }

        using var atB = nodes.SameBrowser(atA, 1);
        // B knows the battle from the store: its answers are not complete (not an unknown battle).
        using (var early = await atB.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        await atA.StreamAsync(ticket.StreamUrl);
        using (var vote = await atB.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        Assert.Equal(2, Assert.Single(await nodes.Store(1).ReadBattlesAsync().ToListAsync()).Turn);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_per_minute_battle_limit_counts_a_clients_requests_on_every_node(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store, configure: o => o.BattlesPerMinute = 3);
        await AwayFromMinuteEndAsync();
        using var atA = nodes.Client(0);
        using var atB = nodes.SameBrowser(atA, 1);
        var codes = new List<HttpStatusCode>();
        foreach (var browser in new[] { atA, atB, atA, atB, atA })
        {
            using var response = await browser.PostAsync("/api/arena/battles", new { prompt = "What is 2 + 2?" });
            codes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
            }
        }

        // Three per minute over both nodes together (each node alone would have let all five through).
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
        var buckets = await nodes.ColumnAsync("request_windows", "bucket");
        Assert.All(buckets, b => Assert.Matches("^battles:[0-9a-f]{32}$", b));
    }

    // Fixed one-minute windows: a test that straddles a minute boundary would see the count start again.
    private static async Task AwayFromMinuteEndAsync()
    {
        var now = DateTimeOffset.UtcNow;
        if (now.Second >= 45) await Task.Delay(TimeSpan.FromSeconds(61 - now.Second));
    }
}
