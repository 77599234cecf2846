using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Arbiter.Core.Arena;
using Arbiter.Web.Admin;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

public sealed class IntegrityTests
{
    private const string Key = "integrity-admin-key";

    private static Task<WebHarness> StartAsync(Action<Arbiter.Web.Hosting.ArbiterWebOptions>? configure = null) =>
        WebHarness.StartAsync(o =>
        {
            (o.BattlesPerMinute, o.VotesPerMinute, o.RequestsPerMinute) = (1000, 1000, 10000);
            configure?.Invoke(o);
        });

    private static ArenaClient Admin(WebHarness web)
    {
        Environment.SetEnvironmentVariable(web.AdminKeyEnv, Key);
        var client = web.Client();
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    private static async Task<HttpStatusCode> FightAndVoteAsync(ArenaClient client, string prompt)
    {
        var (ticket, _) = await client.FightAsync(prompt);
        using var vote = await client.VoteAsync(ticket.Token);
        return vote.StatusCode;
    }

    private static async Task<List<ArenaBattle>> BattlesAsync(WebHarness web)
    {
        var list = new List<ArenaBattle>();
        await foreach (var b in web.Store.ReadBattlesAsync(null, TestContext.Current.CancellationToken)) list.Add(b);
        return list;
    }

    [Fact]
    public async Task A_voter_over_the_hourly_limit_gets_429_in_their_language_and_the_vote_is_not_counted()
    {
        await using var web = await StartAsync(o => o.VotesPerVoterPerHour = 2);
        using var client = web.Client();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(client, "What is a bond?"));
        Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(client, "What is a share?"));

        var (ticket, _) = await client.FightAsync("What is an option?");
        using var refused = await client.VoteAsync(ticket.Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Возвращайтесь через час", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(2, await web.Store.CountBattlesAsync());
    }

    [Fact]
    public async Task Clearing_cookies_does_not_reset_the_limit_of_the_address()
    {
        await using var web = await StartAsync(o => (o.VotesPerVoterPerHour, o.VotesPerClientPerHour) = (100, 2));
        foreach (var prompt in new[] { "one?", "two?" })
        {
            using var fresh = web.Client();
            Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(fresh, prompt));
        }

        using var third = web.Client();
        Assert.Equal(HttpStatusCode.TooManyRequests, await FightAndVoteAsync(third, "three?"));
        Assert.Equal(2, (await BattlesAsync(web)).Select(b => b.Judge).Distinct().Count());
    }

    [Fact]
    public async Task A_forged_or_copied_voter_cookie_is_not_taken_as_a_voter_id()
    {
        await using var web = await StartAsync();
        const string Forged = "0123456789abcdef0123456789abcdef";
        foreach (var cookie in new[] { Forged, Forged + ".00000000000000000000000000000000", Forged + "." + new string('f', 32) })
        {
            using var client = web.Client();
            client.Cookies.Add(web.Web.Url, new Cookie("arbiter-voter", cookie));
            Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(client, "Why is the sky blue?"));
        }

        var judges = (await BattlesAsync(web)).Select(b => b.Judge!).ToList();
        Assert.Equal(3, judges.Distinct().Count());
        Assert.All(judges, j => Assert.DoesNotContain(Forged, j, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_vote_cast_before_the_answers_could_be_read_is_marked_and_the_export_carries_it()
    {
        await using var web = await StartAsync();
        using var client = web.Client();
        Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(client, "Explain compound interest."));

        Assert.Equal("fast-vote", Assert.Single(await BattlesAsync(web)).Signals);
        using var admin = Admin(web);
        var export = await admin.Http.GetStringAsync("/api/admin/battles/export", TestContext.Current.CancellationToken);
        Assert.Contains("\"signals\":\"fast-vote\"", export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Voiding_a_voter_from_the_admin_page_recomputes_the_board_and_keeps_the_battles_in_the_export()
    {
        await using var web = await StartAsync();
        using (var bot = web.Client())
        {
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(bot, $"spam {i}?"));
        }

        using (var human = web.Client()) Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(human, "What is inflation?"));
        var botId = (await BattlesAsync(web)).GroupBy(b => b.Judge).Single(g => g.Count() == 3).Key;
        using var admin = Admin(web);
        var leaderboard = (Arbiter.Web.Leaderboard.LeaderboardService)web.Web.Services.GetService(typeof(Arbiter.Web.Leaderboard.LeaderboardService))!;
        Assert.Equal(4, (await leaderboard.GetAsync(new(), TestContext.Current.CancellationToken)).Battles);

        using var response = await admin.Http.PostAsJsonAsync("/api/admin/battles/void", new { voter = botId, reason = "bot farm" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<VoidedCount>(ArenaClient.Json, TestContext.Current.CancellationToken))!.Voided);
        Assert.Equal(1, (await leaderboard.GetAsync(new(), TestContext.Current.CancellationToken)).Battles);
        var export = JsonDocument.Parse(await admin.Http.GetStringAsync("/api/admin/battles/export", TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(4, export.GetArrayLength());
        Assert.Equal(3, export.EnumerateArray().Count(b => b.TryGetProperty("void_reason", out var r) && r.GetString() == "bot farm"));
    }

    [Theory]
    [InlineData("{}", "Give a voter")]
    [InlineData("""{"from":"2026-01-02T00:00:00Z","to":"2026-01-01T00:00:00Z"}""", "from must be before to")]
    public async Task A_void_that_names_nothing_or_an_empty_window_is_refused(string body, string message)
    {
        await using var web = await StartAsync();
        using var admin = Admin(web);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await admin.Http.PostAsync("/api/admin/battles/void", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Voiding_without_the_admin_key_is_refused()
    {
        await using var web = await StartAsync();
        using var client = web.Client();
        using var response = await client.Http.PostAsJsonAsync("/api/admin/battles/void", new { voter = "web:x" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
