using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

/// <summary>
/// <c>POST /api/arena/battles/{id}/state</c>: what the page loads when another node answered its turn. Only this battle's
/// token opens it, and it never names the models before the vote's receipt does.
/// </summary>
public sealed class BattleStateTests
{
    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    private static readonly string[] ViewFields = ["battleId", "stage", "turn", "canVote", "canFollowUp", "canRegenerate", "answers"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_state_shows_the_stage_and_the_streamed_answers_to_the_token_holder_and_never_the_models()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var ticket = await client.StartBattleAsync("Explain **compound interest** briefly.");

        var (pending, _) = await StateAsync(client, ticket.BattleId, ticket.Token);
        Assert.Equal(("pending", 0, false, false, false, 0), Summary(pending));

        var events = await client.StreamAsync(ticket.StreamUrl);
        var (ready, raw) = await StateAsync(client, ticket.BattleId, ticket.Token);
        Assert.Equal(("ready", 1, true, true, true, 2), Summary(ready));
        Assert.Equal(ViewFields, ready.EnumerateObject().Select(p => p.Name));
        foreach (var answer in ready.GetProperty("answers").EnumerateArray())
        {
            var side = answer.GetProperty("side").GetString()!;
            // The same text and the same server-rendered HTML the stream gave.
            Assert.Equal(Streamed(events, side), answer.GetProperty("text").GetString());
            Assert.Equal(events.Single(e => e.Event == "done" && e.Data.GetProperty("side").GetString() == side).Data.GetProperty("html").GetString(),
                answer.GetProperty("html").GetString());
            Assert.Equal(["side", "text", "html"], answer.EnumerateObject().Select(p => p.Name));
        }

        Blind(raw, web.Models.Select(m => m.Id).Append("Simulated Labs"));

        using (var vote = await client.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        var (voted, afterVote) = await StateAsync(client, ticket.BattleId, ticket.Token);
        Assert.Equal(("voted", 1, false, false, false, 2), Summary(voted));
        Blind(afterVote, web.Models.Select(m => m.Id)); // the receipt reveals them; this view never does
    }

    [Fact]
    public async Task Without_this_battles_token_or_the_pages_antiforgery_token_the_state_is_refused()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var (mine, _) = await client.FightAsync("Name a prime number.");
        var (other, _) = await client.FightAsync("Name an even number.");
        var altered = mine.Token[..^1] + (mine.Token[^1] == 'A' ? 'B' : 'A');
        foreach (var token in new string?[] { null, "", "not-a-token", altered, other.Token })
        {
            using var response = await client.PostAsync($"/api/arena/battles/{mine.BattleId}/state", new { token });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("answers", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var noCsrf = await client.PostAsync($"/api/arena/battles/{mine.BattleId}/state", new { token = mine.Token }, withCsrf: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noCsrf.StatusCode);
        }

        // A GET (a link, an image tag) is no way in either.
        using (var get = await client.Http.GetAsync($"/api/arena/battles/{mine.BattleId}/state?token={Uri.EscapeDataString(mine.Token)}", Ct))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        }

        // Its own token still works after all that.
        Assert.Equal("ready", (await StateAsync(client, mine.BattleId, mine.Token)).View.GetProperty("stage").GetString());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_turn_answered_on_the_other_node_is_streaming_then_ready_at_this_one_with_that_nodes_answers(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store, latencyScale: 2);
        using var atA = nodes.Client(0);
        using var atB = nodes.SameBrowser(atA, 1);
        var ticket = await atA.StartBattleAsync("Explain compound interest in detail.");
        var (reading, firstDelta, events) = atB.StreamInBackground(ticket.StreamUrl);
        await firstDelta.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        var (streaming, _) = await StateAsync(atA, ticket.BattleId, ticket.Token);
        Assert.Equal(("streaming", 0, false, false, false, 0), Summary(streaming));
        using (var elsewhere = await atA.Http.GetAsync(ticket.StreamUrl, Ct)) Assert.Equal(HttpStatusCode.Conflict, elsewhere.StatusCode);

        await reading.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        using (var gone = await atA.Http.GetAsync(ticket.StreamUrl, Ct)) Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var (ready, raw) = await StateAsync(atA, ticket.BattleId, ticket.Token);
        Assert.Equal(("ready", 1, true, true, true, 2), Summary(ready));
        foreach (var answer in ready.GetProperty("answers").EnumerateArray())
        {
            Assert.Equal(Streamed(events, answer.GetProperty("side").GetString()!), answer.GetProperty("text").GetString());
        }

        Blind(raw, nodes.Models.Select(m => m.Id));
        using (var vote = await atA.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
    }

    private static async Task<(JsonElement View, string Raw)> StateAsync(ArenaClient client, string battleId, string token)
    {
        using var response = await client.PostAsync($"/api/arena/battles/{battleId}/state", new { token });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        return (JsonDocument.Parse(raw).RootElement.Clone(), raw);
    }

    private static (string?, int, bool, bool, bool, int) Summary(JsonElement view) =>
        (view.GetProperty("stage").GetString(), view.GetProperty("turn").GetInt32(), view.GetProperty("canVote").GetBoolean(),
            view.GetProperty("canFollowUp").GetBoolean(), view.GetProperty("canRegenerate").GetBoolean(), view.GetProperty("answers").GetArrayLength());

    /// <summary>One side's text as the page builds it from the stream: deltas appended, a reset starting again.</summary>
    private static string Streamed(List<(string Event, JsonElement Data)> events, string side)
    {
        var text = "";
        foreach (var (name, data) in events.Where(e => e.Data.TryGetProperty("side", out var s) && s.GetString() == side))
        {
            if (name == "delta") text += data.GetProperty("text").GetString();
            else if (name == "reset") text = "";
        }

        return text;
    }

    private static void Blind(string raw, IEnumerable<string> names)
    {
        foreach (var name in names) Assert.DoesNotContain(name, raw, StringComparison.OrdinalIgnoreCase);
    }
}
