using System.Net;
using System.Net.Http.Json;
using Arbiter.Web.Arena;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

public sealed class VoteTests
{
    [Fact]
    public async Task A_battle_streams_both_answers_then_one_vote_reveals_the_models()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var (ticket, events) = await client.FightAsync("Explain compound interest briefly.");

        Assert.Contains(events, e => e.Event == "delta" && e.Data.GetProperty("side").GetString() == "a");
        Assert.Contains(events, e => e.Event == "delta" && e.Data.GetProperty("side").GetString() == "b");
        Assert.Equal(2, events.Count(e => e.Event == "done"));
        Assert.Equal("end", events[^1].Event);
        Assert.True(events[^1].Data.GetProperty("canVote").GetBoolean());

        using var vote = await client.VoteAsync(ticket.Token, "model_b");
        Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        var receipt = (await vote.Content.ReadFromJsonAsync<VoteReceipt>(ArenaClient.Json))!;
        Assert.NotEqual(receipt.ModelA, receipt.ModelB);
        Assert.StartsWith("sim-", receipt.ModelA, StringComparison.Ordinal);
        Assert.Equal("model_b", receipt.Winner);
        Assert.Equal(1, await web.Store.CountBattlesAsync());
    }

    [Fact]
    public async Task A_reasoning_models_think_block_never_reaches_the_browser_before_the_vote()
    {
        await using var web = await WebHarness.StartAsync(o => (o.BattlesPerMinute, o.VotesPerMinute, o.RequestsPerMinute) = (1000, 1000, 10000));
        using var client = web.Client();
        var sawThinker = false;
        for (var i = 0; i < 12 && !sawThinker; i++)
        {
            var (ticket, events) = await client.FightAsync("Why is the sky blue?");
            var streamed = string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString()));
            Assert.DoesNotContain("think>", streamed, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("think>", string.Concat(events.Where(e => e.Event == "done").Select(e => e.Data.GetRawText())), StringComparison.OrdinalIgnoreCase);
            using var vote = await client.VoteAsync(ticket.Token);
            var receipt = (await vote.Content.ReadFromJsonAsync<VoteReceipt>(ArenaClient.Json))!;
            sawThinker = receipt.ModelA.Contains("thinker", StringComparison.Ordinal) || receipt.ModelB.Contains("thinker", StringComparison.Ordinal);
        }

        Assert.True(sawThinker, "no battle drew the reasoning model in 12 tries");
    }

    [Fact]
    public async Task A_typed_prompt_gets_the_engines_category_and_a_client_cannot_invent_one()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var (coding, _) = await client.FightAsync("Write a Python function that reverses a string.");
        using (var v = await client.VoteAsync(coding.Token)) Assert.Equal(HttpStatusCode.OK, v.StatusCode);
        using (var start = await client.PostAsync("/api/arena/battles", new { prompt = "Why is the sky blue?", category = "free-ads" }))
        {
            var ticket = (await start.Content.ReadFromJsonAsync<BattleTicket>(ArenaClient.Json))!;
            await client.StreamAsync(ticket.StreamUrl);
            using var v = await client.VoteAsync(ticket.Token);
            Assert.Equal(HttpStatusCode.OK, v.StatusCode);
        }

        var categories = new List<string?>();
        await foreach (var b in web.Store.ReadBattlesAsync(null, TestContext.Current.CancellationToken)) categories.Add(b.Category);
        Assert.Equal(["coding", "open"], categories.Order().ToList());
    }

    [Fact]
    public async Task A_replayed_token_is_rejected_and_counted_once()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var (ticket, _) = await client.FightAsync("What is a bond?");
        using (var first = await client.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var again = await client.VoteAsync(ticket.Token, "model_b")) Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1, await web.Store.CountBattlesAsync());
    }

    [Fact]
    public async Task Racing_replays_of_one_token_count_exactly_one_vote()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var (ticket, _) = await client.FightAsync("Name three prime numbers.");
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.VoteAsync(ticket.Token)));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await web.Store.CountBattlesAsync());
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcdef.99999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_forged_token_is_refused(string token)
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        using var vote = await client.VoteAsync(token);
        Assert.Equal(HttpStatusCode.Forbidden, vote.StatusCode);
    }

    [Fact]
    public async Task A_token_altered_to_point_at_another_battle_is_refused()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var (one, _) = await client.FightAsync("First question");
        var (two, _) = await client.FightAsync("Second question");
        var forged = two.BattleId + one.Token[one.BattleId.Length..];
        using var vote = await client.VoteAsync(forged);
        Assert.Equal(HttpStatusCode.Forbidden, vote.StatusCode);
        Assert.Equal(0, await web.Store.CountBattlesAsync());
    }

    [Fact]
    public async Task Voting_before_the_answers_are_in_is_refused()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var ticket = await client.StartBattleAsync("Unanswered question");
        using var vote = await client.VoteAsync(ticket.Token);
        Assert.Equal(HttpStatusCode.Conflict, vote.StatusCode);
    }

    [Fact]
    public async Task An_unknown_verdict_is_a_bad_request()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var (ticket, _) = await client.FightAsync("Anything");
        using var vote = await client.VoteAsync(ticket.Token, "model_c");
        Assert.Equal(HttpStatusCode.BadRequest, vote.StatusCode);
    }

    [Fact]
    public async Task A_follow_up_continues_both_conversations()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var (ticket, _) = await client.FightAsync("What is inflation?");
        using var follow = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/turns", new { token = ticket.Token, prompt = "And deflation?" });
        Assert.Equal(HttpStatusCode.OK, follow.StatusCode);
        var next = (await follow.Content.ReadFromJsonAsync<BattleTicket>(ArenaClient.Json))!;
        Assert.Equal(2, next.Turn);
        var events = await client.StreamAsync(next.StreamUrl);
        Assert.Equal(2, events[^1].Data.GetProperty("turn").GetInt32());
        using (var vote = await client.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        await foreach (var b in web.Store.ReadBattlesAsync()) Assert.Equal(2, b.Turn);
    }

    [Fact]
    public async Task The_stream_cannot_be_opened_twice()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var (ticket, _) = await client.FightAsync("Once only");
        using var again = await client.Http.GetAsync(ticket.StreamUrl);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }
}
