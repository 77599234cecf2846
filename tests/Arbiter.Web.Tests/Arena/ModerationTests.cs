using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena.Moderation;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

public sealed class ModerationTests
{
    private static readonly ModerationRules Rules = new(["casino"], [@"^(a+)+$"]) { MatchTimeout = TimeSpan.FromMilliseconds(50) };

    private static async Task<List<BlockedPrompt>> BlockedAsync(WebHarness web)
    {
        var list = new List<BlockedPrompt>();
        await foreach (var p in ((IArenaIntegrityStore)web.Store).ReadBlockedPromptsAsync(100, TestContext.Current.CancellationToken)) list.Add(p);
        return list;
    }

    [Theory]
    [InlineData("en", "This prompt is not allowed")]
    [InlineData("ru", "Этот запрос не допускается")]
    [InlineData("zh", "此提示在竞技场中不被允许")]
    public async Task A_blocked_prompt_reaches_no_model_and_the_voter_is_told_in_their_language(string language, string message)
    {
        await using var web = await WebHarness.StartAsync(moderation: Rules);
        using var client = web.Client();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        using var response = await client.PostAsync("/api/arena/battles", new { prompt = "Best CASINO bonus codes" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, web.Sim.Stats.TotalChatRequests);
        var logged = Assert.Single(await BlockedAsync(web));
        Assert.Equal("blocklist: casino", logged.Rule);
        // Conversations are not stored by default: the operator sees the hash, not the text.
        Assert.StartsWith("sha256:", logged.Excerpt, StringComparison.Ordinal);
        Assert.Equal(23, logged.Length);
    }

    [Fact]
    public async Task An_allowed_prompt_still_fights_and_a_blocked_follow_up_is_refused()
    {
        await using var web = await WebHarness.StartAsync(moderation: Rules);
        using var client = web.Client();
        var (ticket, _) = await client.FightAsync("What is a bond?");

        using var followUp = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/turns", new { token = ticket.Token, prompt = "and a casino?" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, followUp.StatusCode);
        using var vote = await client.VoteAsync(ticket.Token);
        Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
    }

    [Fact]
    public async Task A_prompt_crafted_to_make_a_pattern_backtrack_is_refused_quickly()
    {
        await using var web = await WebHarness.StartAsync(o => o.MaxPromptChars = 50_000, moderation: Rules);
        using var client = web.Client();
        var clock = Stopwatch.StartNew();

        using var response = await client.PostAsync("/api/arena/battles", new { prompt = new string('a', 30_000) + "!" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal("pattern 1 (timed out)", Assert.Single(await BlockedAsync(web)).Rule);
        Assert.Equal(0, web.Sim.Stats.TotalChatRequests);
    }

    [Fact]
    public async Task An_oversized_prompt_is_refused_before_moderation_and_is_not_logged()
    {
        await using var web = await WebHarness.StartAsync(o => o.MaxPromptChars = 100, moderation: Rules);
        using var client = web.Client();

        using var response = await client.PostAsync("/api/arena/battles", new { prompt = "casino " + new string('x', 200) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await BlockedAsync(web));
    }

    [Fact]
    public async Task The_admin_list_shows_blocked_prompts_to_the_key_holder_only()
    {
        await using var web = await WebHarness.StartAsync(moderation: Rules);
        using (var voter = web.Client())
        {
            using var blocked = await voter.PostAsync("/api/arena/battles", new { prompt = "casino" });
            using var refused = await voter.Http.GetAsync("/api/admin/moderation/blocked", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Environment.SetEnvironmentVariable(web.AdminKeyEnv, "moderation-key");
        using var admin = web.Client();
        admin.Http.DefaultRequestHeaders.Add("X-Admin-Key", "moderation-key");
        var list = (await admin.Http.GetFromJsonAsync<List<BlockedPrompt>>("/api/admin/moderation/blocked", ArenaClient.Json, TestContext.Current.CancellationToken))!;
        Assert.Equal("blocklist: casino", Assert.Single(list).Rule);
        Assert.Contains("blocklist: casino", await admin.Http.GetStringAsync("/admin", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moderation_model_that_is_not_served_stops_the_start_with_its_name()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => WebHarness.StartAsync(moderation: ModerationRules.None with { Model = "nobody" }));
        Assert.Contains("arena.moderation.model 'nobody'", ex.ToString(), StringComparison.Ordinal);
    }
}
