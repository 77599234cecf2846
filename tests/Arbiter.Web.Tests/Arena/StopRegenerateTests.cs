using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Arbiter.Web.Arena;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

public sealed class StopRegenerateTests
{
    [Fact]
    public async Task Stop_cancels_both_model_calls_server_side_and_regenerate_asks_the_same_pair_again()
    {
        // Slow models (each answer takes seconds), so Stop lands mid-stream.
        await using var web = await WebHarness.StartAsync(latencyScale: 8);
        using var client = web.Client();
        var ticket = await client.StartBattleAsync("Explain compound interest in detail.");
        var (reading, firstDelta, events) = client.StreamInBackground(ticket.StreamUrl);
        await firstDelta.WaitAsync(TimeSpan.FromSeconds(20));

        using (var stop = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/stop", new { token = ticket.Token }))
        {
            Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        var end = events[^1];
        Assert.Equal("end", end.Event);
        Assert.True(end.Data.GetProperty("stopped").GetBoolean());
        Assert.False(end.Data.GetProperty("canVote").GetBoolean());
        // The simulator saw both requests and finished neither, and the audit log records both calls as cancelled:
        // the calls were cancelled server-side, not just hidden in the browser.
        Assert.Equal((2L, 0L), (web.Sim.Stats.TotalChatRequests, web.Sim.Stats.CompletedOk));
        var outcomes = new List<string>();
        await foreach (var entry in web.Store.ReadAuditLogAsync(TestContext.Current.CancellationToken)) outcomes.Add(entry.Outcome);
        Assert.Equal(2, outcomes.Count(o => o == Arbiter.Core.Audit.AuditOutcomes.Cancelled));
        using (var vote = await client.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.Conflict, vote.StatusCode);
        using (var again = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/stop", new { token = ticket.Token }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using var regenerate = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/regenerate", new { token = ticket.Token });
        Assert.Equal(HttpStatusCode.OK, regenerate.StatusCode);
        var retry = (await regenerate.Content.ReadFromJsonAsync<BattleTicket>(ArenaClient.Json))!;
        Assert.Equal((ticket.BattleId, 1), (retry.BattleId, retry.Turn));
        var stream = await client.StreamAsync(retry.StreamUrl);
        Assert.True(stream[^1].Data.GetProperty("canVote").GetBoolean());
        using (var vote = await client.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        var battle = Assert.Single(await web.Store.ReadBattlesAsync().ToListAsync());
        Assert.Equal(1, battle.Turn);
    }

    [Fact]
    public async Task Regenerate_replaces_the_last_turns_answers_and_is_refused_after_the_vote()
    {
        await using var web = await WebHarness.StartAsync(o => o.StoreConversations = true);
        using var client = web.Client();
        var (ticket, _) = await client.FightAsync("What is a bond?");
        using (var follow = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/turns", new { token = ticket.Token, prompt = "And a stock?" }))
        {
            var turn2 = (await follow.Content.ReadFromJsonAsync<BattleTicket>(ArenaClient.Json))!;
            await client.StreamAsync(turn2.StreamUrl);
        }

        using (var regenerate = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/regenerate", new { token = ticket.Token }))
        {
            var again = (await regenerate.Content.ReadFromJsonAsync<BattleTicket>(ArenaClient.Json))!;
            Assert.Equal(2, again.Turn);
            // A second regenerate before the stream runs is refused: the turn is pending, not finished.
            using (var twice = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/regenerate", new { token = ticket.Token }))
            {
                Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            }

            await client.StreamAsync(again.StreamUrl);
        }

        using (var vote = await client.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        using (var late = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/regenerate", new { token = ticket.Token }))
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        }

        var battle = Assert.Single(await web.Store.ReadBattlesAsync().ToListAsync());
        Assert.Equal(2, battle.Turn);
        var turns = JsonSerializer.Deserialize<List<JsonElement>>(battle.ConversationA!)!;
        // Two prompts, two answers: the regenerated answer replaced the first try, it was not appended.
        Assert.Equal(["user", "assistant", "user", "assistant"], turns.Select(t => t.GetProperty("role").GetString()));
        Assert.Equal("And a stock?", turns[2].GetProperty("content").GetString());
    }
}
