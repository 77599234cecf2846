using System.Net;
using System.Net.Http.Json;
using Arbiter.Web.Arena;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

public sealed class ShareTests
{
    [Fact]
    public async Task A_voted_battle_shares_at_an_unguessable_read_only_link_that_names_the_models_not_the_voter()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var (ticket, _) = await client.FightAsync("Explain **compound interest** briefly.");

        // Before the vote there is nothing to share: the names are not revealed yet.
        using (var early = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/share", new { token = ticket.Token }))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        using var vote = await client.VoteAsync(ticket.Token, "model_b");
        var receipt = (await vote.Content.ReadFromJsonAsync<VoteReceipt>(ArenaClient.Json))!;
        using var shared = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/share", new { token = ticket.Token });
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        var link = (await shared.Content.ReadFromJsonAsync<ShareLink>(ArenaClient.Json))!;
        Assert.Matches("^[0-9a-f]{32}$", link.ShareId);
        Assert.NotEqual(ticket.BattleId, link.ShareId);
        using (var again = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/share", new { token = ticket.Token }))
        {
            Assert.Equal(link, await again.Content.ReadFromJsonAsync<ShareLink>(ArenaClient.Json));
        }

        // A stranger (no cookies) reads it; the voter's id appears nowhere.
        using var stranger = web.Client();
        using var page = await stranger.Http.GetAsync(link.Url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(receipt.ModelA, html, StringComparison.Ordinal);
        Assert.Contains(receipt.ModelB, html, StringComparison.Ordinal);
        Assert.Contains("compound interest", html, StringComparison.Ordinal);
        Assert.Contains("data-winner=\"model_b\"", html, StringComparison.Ordinal);
        Assert.Contains("noindex", page.Headers.GetValues("X-Robots-Tag").Single(), StringComparison.Ordinal);
        var battle = Assert.Single(await web.Store.ReadBattlesAsync().ToListAsync());
        Assert.DoesNotContain(battle.Judge!, html, StringComparison.Ordinal);
        Assert.DoesNotContain(battle.Judge!["web:".Length..], html, StringComparison.Ordinal);

        // Copy buttons for each side's Markdown and the link, in the reader's language (wired by shared.js).
        Assert.Contains("id=\"markdown-a\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/assets/js/shared.js\"", html, StringComparison.Ordinal);
        foreach (var (language, copyLink) in new[] { ("en", "Copy link"), ("ru", "Копировать ссылку"), ("zh", "复制链接") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, link.Url);
            request.Headers.AcceptLanguage.ParseAdd(language);
            using var localized = await stranger.Http.SendAsync(request);
            Assert.Contains(">" + copyLink + "</button>", await localized.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var script = await stranger.Http.GetAsync("/assets/js/shared.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task A_wrong_token_or_an_unknown_link_shares_and_shows_nothing()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var (ticket, _) = await client.FightAsync("What is a bond?");
        var (other, _) = await client.FightAsync("What is a stock?");
        using (var v = await client.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, v.StatusCode);

        using (var crossed = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/share", new { token = other.Token }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, crossed.StatusCode);
        }

        using (var forged = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/share", new { token = ticket.Token + "x" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        using (var noCsrf = await client.PostAsync($"/api/arena/battles/{ticket.BattleId}/share", new { token = ticket.Token }, withCsrf: false))
        {
            Assert.NotEqual(HttpStatusCode.OK, noCsrf.StatusCode);
        }

        // The battle id is not a share id.
        using var byBattleId = await client.Http.GetAsync("/arena/shared/" + ticket.BattleId);
        Assert.Equal(HttpStatusCode.NotFound, byBattleId.StatusCode);
        using var junk = await client.Http.GetAsync("/arena/shared/%3Cscript%3E");
        Assert.Equal(HttpStatusCode.NotFound, junk.StatusCode);
    }
}
