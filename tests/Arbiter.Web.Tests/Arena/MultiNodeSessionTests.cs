using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Arbiter.Web.Arena;
using Arbiter.Web.Localization;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

/// <summary>
/// A load balancer without session affinity, sending each request of one browser to either of two nodes: follow-ups,
/// regenerate, share and the stream of a waiting turn work wherever they land; a turn being answered is refused for a
/// retry elsewhere, and a Stop reaches the node answering it through the store.
/// </summary>
public sealed class MultiNodeSessionTests
{
    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_follow_up_taken_by_the_other_node_continues_the_whole_conversation_once_and_the_first_node_streams_it(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store, configure: o => o.StoreConversations = true);
        using var atA = nodes.Client(0);
        var (ticket, _) = await atA.FightAsync("Name a prime number.");
        using var atB = nodes.SameBrowser(atA, 1);
        var followUp = new { token = ticket.Token, prompt = "And another one?" };
        BattleTicket next;
        using (var taken = await atB.PostAsync($"/api/arena/battles/{ticket.BattleId}/turns", followUp))
        {
            Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
            next = (await taken.Content.ReadFromJsonAsync<BattleTicket>(ArenaClient.Json, Ct))!;
            Assert.Equal(2, next.Turn);
        }

        // The same follow-up again, at either node: the turn is taken; worth a retry only once it is answered.
        foreach (var browser in new[] { atA, atB })
        {
            using var replay = await browser.PostAsync($"/api/arena/battles/{ticket.BattleId}/turns", followUp);
            Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
            Assert.NotNull(replay.Headers.RetryAfter);
        }

        // The stream lands on A, whose memory still holds turn 1: it continues from the store's turn 2.
        var events = await atA.StreamAsync(next.StreamUrl);
        var end = Assert.Single(events, e => e.Event == "end").Data;
        Assert.True(end.GetProperty("canVote").GetBoolean());
        Assert.Equal(2, end.GetProperty("turn").GetInt32());
        using (var vote = await atB.VoteAsync(ticket.Token, "model_b")) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);

        var battle = Assert.Single(await nodes.Store(0).ReadBattlesAsync().ToListAsync(Ct));
        Assert.Equal(2, battle.Turn);
        foreach (var conversation in new[] { battle.ConversationA, battle.ConversationB })
        {
            var turns = JsonDocument.Parse(conversation!).RootElement.EnumerateArray().ToList();
            Assert.Equal(["user", "assistant", "user", "assistant"], turns.Select(t => t.GetProperty("role").GetString()));
            Assert.Equal("Name a prime number.", turns[0].GetProperty("content").GetString());
            Assert.Equal("And another one?", turns[2].GetProperty("content").GetString());
        }

        // The shared state holds the text only sealed under the nodes' secret.
        Assert.All(await nodes.ColumnAsync("battle_states", "state_json"), s => Assert.DoesNotContain("prime", s, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Two_different_follow_ups_sent_at_once_to_both_nodes_queue_one_turn(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store, configure: o => o.StoreConversations = true);
        using var atA = nodes.Client(0);
        using var atB = nodes.SameBrowser(atA, 1);
        var (ticket, _) = await atA.FightAsync("Name a river.");
        var url = $"/api/arena/battles/{ticket.BattleId}/turns";
        var sent = await Task.WhenAll(atA.PostAsync(url, new { token = ticket.Token, prompt = "A longer one?" }),
            atB.PostAsync(url, new { token = ticket.Token, prompt = "A shorter one?" }));
        try
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], sent.Select(r => r.StatusCode).Order());
            var next = (await sent.Single(r => r.IsSuccessStatusCode).Content.ReadFromJsonAsync<BattleTicket>(ArenaClient.Json, Ct))!;
            await atB.StreamAsync(next.StreamUrl);
            using (var vote = await atA.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
            var asked = JsonDocument.Parse(Assert.Single(await nodes.Store(0).ReadBattlesAsync().ToListAsync(Ct)).ConversationA!).RootElement
                .EnumerateArray().Where(t => t.GetProperty("role").GetString() == "user").Select(t => t.GetProperty("content").GetString()).ToList();
            Assert.Equal(2, asked.Count);
            Assert.Equal(sent[0].IsSuccessStatusCode ? "A longer one?" : "A shorter one?", asked[1]);
        }
        finally
        {
            foreach (var response in sent) response.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_battle_answered_on_one_node_is_regenerated_at_the_other_streamed_there_and_voted_on_at_the_first(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store);
        using var atA = nodes.Client(0);
        var (ticket, _) = await atA.FightAsync("Why do cats purr?");
        using var atB = nodes.SameBrowser(atA, 1);
        var action = new { token = ticket.Token };
        BattleTicket retry;
        using (var regenerate = await atB.PostAsync($"/api/arena/battles/{ticket.BattleId}/regenerate", action))
        {
            Assert.Equal(HttpStatusCode.OK, regenerate.StatusCode);
            retry = (await regenerate.Content.ReadFromJsonAsync<BattleTicket>(ArenaClient.Json, Ct))!;
            Assert.Equal(1, retry.Turn);
        }

        // Until the new answers are in: a second regenerate is a retry later, and the old answers take no vote on A.
        using (var twice = await atA.PostAsync($"/api/arena/battles/{ticket.BattleId}/regenerate", action))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.NotNull(twice.Headers.RetryAfter);
        }

        using (var early = await atA.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        var events = await atB.StreamAsync(retry.StreamUrl);
        Assert.True(Assert.Single(events, e => e.Event == "end").Data.GetProperty("canVote").GetBoolean());
        using (var vote = await atA.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        Assert.Equal(1, Assert.Single(await nodes.Store(1).ReadBattlesAsync().ToListAsync(Ct)).Turn);
        Assert.Equal(4, nodes.Sim.Stats.TotalChatRequests); // the first answers and the regenerated ones, no more
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_battle_voted_on_one_node_is_shared_from_either_with_one_link_even_when_both_are_asked_at_once(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store);
        using var atA = nodes.Client(0);
        using var atB = nodes.SameBrowser(atA, 1);
        var (first, _) = await atA.FightAsync("What is a comet?");
        using (var notYet = await atB.PostAsync($"/api/arena/battles/{first.BattleId}/share", new { token = first.Token }))
        {
            Assert.Equal(HttpStatusCode.Conflict, notYet.StatusCode);
        }

        using (var vote = await atB.VoteAsync(first.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        var link = await ShareAsync(atA, first);
        Assert.Equal(link, await ShareAsync(atB, first));
        foreach (var browser in new[] { atA, atB })
        {
            using var page = await browser.Http.GetAsync("/arena/shared/" + link, Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("What is a comet?", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var (second, _) = await atA.FightAsync("What is a meteor?");
        using (var vote = await atA.VoteAsync(second.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        var links = await Task.WhenAll(ShareAsync(atA, second), ShareAsync(atB, second));
        Assert.Equal(links[0], links[1]);
        Assert.Equal(2, (await nodes.ColumnAsync("arena_shares", "battle_id")).Count); // one row per battle
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Another_battles_token_or_an_altered_one_changes_nothing_on_either_node(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store);
        using var atA = nodes.Client(0);
        var (mine, _) = await atA.FightAsync("Question one?");
        var (other, _) = await atA.FightAsync("Question two?");
        using var atB = nodes.SameBrowser(atA, 1);
        foreach (var token in new[] { other.Token, mine.Token[..^2] + "AA" })
        {
            using (var turn = await atB.PostAsync($"/api/arena/battles/{mine.BattleId}/turns", new { token, prompt = "Hijack?" }))
            {
                Assert.Equal(HttpStatusCode.Conflict, turn.StatusCode);
                Assert.Null(turn.Headers.RetryAfter);
            }

            using (var regenerate = await atB.PostAsync($"/api/arena/battles/{mine.BattleId}/regenerate", new { token }))
            {
                Assert.Equal(HttpStatusCode.Conflict, regenerate.StatusCode);
            }

            using (var stop = await atB.PostAsync($"/api/arena/battles/{mine.BattleId}/stop", new { token })) Assert.Equal(HttpStatusCode.Conflict, stop.StatusCode);
            using (var share = await atB.PostAsync($"/api/arena/battles/{mine.BattleId}/share", new { token })) Assert.Equal(HttpStatusCode.Forbidden, share.StatusCode);
        }

        // Both battles are as they were: one turn each, votable once, wherever.
        using (var vote = await atB.VoteAsync(mine.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        using (var vote = await atA.VoteAsync(other.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        Assert.All(await nodes.Store(0).ReadBattlesAsync().ToListAsync(Ct), b => Assert.Equal(1, b.Turn));
        Assert.Equal(4, nodes.Sim.Stats.TotalChatRequests);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_turn_answered_on_one_node_is_a_localized_retry_at_the_other_whose_stop_reaches_the_answering_node(string store)
    {
        // Slow models, so the other node's requests land mid-stream.
        await using var nodes = await WebNodes.StartAsync(store, latencyScale: 8);
        using var atA = nodes.Client(0);
        using var atB = nodes.SameBrowser(atA, 1);
        atA.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var ticket = await atA.StartBattleAsync("Explain compound interest in detail.");
        var (reading, firstDelta, events) = atB.StreamInBackground(ticket.StreamUrl);
        await firstDelta.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        using (var again = await atA.Http.GetAsync(ticket.StreamUrl, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.NotNull(again.Headers.RetryAfter);
            var problem = await again.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(UiText.For("ru")["arena.elsewhere"], problem.GetProperty("title").GetString());
        }

        using (var followUp = await atA.PostAsync($"/api/arena/battles/{ticket.BattleId}/turns", new { token = ticket.Token, prompt = "More?" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, followUp.StatusCode);
            Assert.NotNull(followUp.Headers.RetryAfter);
            Assert.Equal(UiText.For("ru")["arena.busy"], (await followUp.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
        }

        using (var stop = await atA.PostAsync($"/api/arena/battles/{ticket.BattleId}/stop", new { token = ticket.Token }))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(events[^1].Data.GetProperty("stopped").GetBoolean());
        Assert.Equal((2L, 0L), (nodes.Sim.Stats.TotalChatRequests, nodes.Sim.Stats.CompletedOk)); // cancelled on B, not just hidden
        using (var late = await atA.PostAsync($"/api/arena/battles/{ticket.BattleId}/stop", new { token = ticket.Token }))
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        }

        // Stopped on B, regenerated and answered on A, voted on at B.
        using var regenerate = await atA.PostAsync($"/api/arena/battles/{ticket.BattleId}/regenerate", new { token = ticket.Token });
        Assert.Equal(HttpStatusCode.OK, regenerate.StatusCode);
        var retry = (await regenerate.Content.ReadFromJsonAsync<BattleTicket>(ArenaClient.Json, Ct))!;
        Assert.True(Assert.Single(await atA.StreamAsync(retry.StreamUrl), e => e.Event == "end").Data.GetProperty("canVote").GetBoolean());
        using (var vote = await atB.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_turn_whose_node_went_quiet_is_taken_over_by_a_regenerate_elsewhere_and_its_late_answers_take_no_vote(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store, latencyScale: 8);
        using var atA = nodes.Client(0);
        using var atB = nodes.SameBrowser(atA, 1);
        var ticket = await atA.StartBattleAsync("Explain compound interest in detail.");
        var (reading, firstDelta, events) = atB.StreamInBackground(ticket.StreamUrl);
        await firstDelta.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        using (var busy = await atA.PostAsync($"/api/arena/battles/{ticket.BattleId}/regenerate", new { token = ticket.Token }))
        {
            Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        }

        // As if B had been answering for longer than any answer takes (its process hung): A may take the turn over.
        Assert.Equal(1, await nodes.ExecuteAsync("UPDATE battle_states SET saved_at_ms = 0 WHERE stage = 'streaming'"));
        using (var regenerate = await atA.PostAsync($"/api/arena/battles/{ticket.BattleId}/regenerate", new { token = ticket.Token }))
        {
            Assert.Equal(HttpStatusCode.OK, regenerate.StatusCode);
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.False(events[^1].Data.GetProperty("canVote").GetBoolean()); // B's answers arrived after the takeover
        using (var vote = await atB.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.Conflict, vote.StatusCode);
        Assert.Empty(await nodes.Store(0).ReadBattlesAsync().ToListAsync(Ct));
    }

    private static async Task<string> ShareAsync(ArenaClient browser, BattleTicket ticket)
    {
        using var response = await browser.PostAsync($"/api/arena/battles/{ticket.BattleId}/share", new { token = ticket.Token });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("shareId").GetString()!;
    }
}
