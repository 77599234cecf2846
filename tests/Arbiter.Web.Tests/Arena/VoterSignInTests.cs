using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Arbiter.Core.Arena;
using Arbiter.Web.Admin;
using Arbiter.Web.Hosting;
using Arbiter.Web.Localization;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

/// <summary>Voter sign-in through personal links: modes, the per-voter limit following the person, revocation, voiding, the export.</summary>
public sealed class VoterSignInTests
{
    private const string Key = "signin-admin-key";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_signed_in_voter_keeps_one_limit_across_browsers_and_the_export_carries_only_a_hashed_id()
    {
        await using var web = await WebHarness.StartAsync(o => (o.VoterSignIn, o.VotesPerVoterPerHour) = (VoterSignInMode.Optional, 2));
        using var admin = Admin(web);
        var anna = await CreateLinkAsync(admin, "Анна Петрова");
        var token = anna.Link[(anna.Link.LastIndexOf('/') + 1)..];

        using (var first = web.Client())
        {
            await SignInAsync(first, anna.Link);
            var page = await first.Http.GetStringAsync("/arena", Ct);
            Assert.Contains("id=\"signed-in\"", page, StringComparison.Ordinal);
            Assert.Contains("Анна Петрова", page, StringComparison.Ordinal);
            for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(first, $"question {i}?"));
        }

        // Another browser (new voter cookie): the same person, so the same limit.
        using (var second = web.Client())
        {
            await SignInAsync(second, anna.Link);
            var (ticket, _) = await second.FightAsync("question 3?");
            using var refused = await second.VoteAsync(ticket.Token);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        // Anonymous voting stays open in the optional mode.
        using (var anonymous = web.Client()) Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(anonymous, "question 4?"));

        var export = await admin.Http.GetStringAsync("/api/admin/battles/export", Ct);
        var judges = JsonDocument.Parse(export).RootElement.EnumerateArray().Select(b => b.GetProperty("judge").GetString()).ToList();
        Assert.Equal(2, judges.Count(j => j == anna.VoterId));
        Assert.StartsWith("user:", anna.VoterId, StringComparison.Ordinal);
        Assert.Single(judges, j => j!.StartsWith("web:", StringComparison.Ordinal));
        Assert.DoesNotContain("Анна", export, StringComparison.Ordinal);
        Assert.DoesNotContain(token, export, StringComparison.Ordinal);

        // The token is nowhere in the database (file and write-ahead log): only its hash.
        foreach (var file in new[] { web.Store.FilePath, web.Store.FilePath + "-wal" }.Where(File.Exists))
        {
            var bytes = await File.ReadAllBytesAsync(file, Ct);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(token)));
        }
    }

    [Fact]
    public async Task Voiding_a_signed_in_voter_recomputes_the_board_and_revoking_the_link_signs_them_out_everywhere()
    {
        await using var web = await WebHarness.StartAsync(o => o.VoterSignIn = VoterSignInMode.Optional);
        using var admin = Admin(web);
        var boris = await CreateLinkAsync(admin, "boris");
        using var browser = web.Client();
        await SignInAsync(browser, boris.Link);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(browser, $"spam {i}?"));
        using (var other = web.Client()) Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(other, "What is inflation?"));
        var board = (Arbiter.Web.Leaderboard.LeaderboardService)web.Web.Services.GetService(typeof(Arbiter.Web.Leaderboard.LeaderboardService))!;
        Assert.Equal(4, (await board.GetAsync(new(), Ct)).Battles);

        using (var voided = await admin.Http.PostAsJsonAsync("/api/admin/battles/void", new { signedIn = "invite:boris", reason = "ballot stuffing" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
            Assert.Equal(3, (await voided.Content.ReadFromJsonAsync<VoidedCount>(ArenaClient.Json, Ct))!.Voided);
        }

        Assert.Equal(1, (await board.GetAsync(new(), Ct)).Battles);
        using (var both = await admin.Http.PostAsJsonAsync("/api/admin/battles/void", new { voter = "web:x", signedIn = "invite:boris" }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        }

        using (var revoke = await admin.Http.PostAsJsonAsync("/api/admin/voters/revoke", new { name = "boris" }, Ct)) Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using (var again = await admin.Http.PostAsJsonAsync("/api/admin/voters/revoke", new { name = "boris" }, Ct)) Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.DoesNotContain("id=\"signed-in\"", await browser.Http.GetStringAsync("/arena", Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(browser, "after the revocation?"));
        Assert.StartsWith("web:", (await BattlesAsync(web)).OrderBy(b => b.TimestampMs).Last().Judge, StringComparison.Ordinal);

        using var stale = web.Client();
        using var refused = await stale.Http.GetAsync(boris.Link, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(UiText.For("en")["arena.signin.invalid"], await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var listed = Assert.Single((await admin.Http.GetFromJsonAsync<List<VoterLink>>("/api/admin/voters", ArenaClient.Json, Ct))!);
        Assert.Equal(("boris", "invite:boris", boris.VoterId), (listed.Name, listed.Identity, listed.VoterId));
        Assert.NotNull(listed.RevokedAtMs);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ru")]
    [InlineData("zh")]
    public async Task The_required_mode_refuses_battles_and_votes_without_sign_in_in_the_voters_language(string language)
    {
        await using var web = await WebHarness.StartAsync(o => o.VoterSignIn = VoterSignInMode.Required);
        using var anonymous = web.Client();
        anonymous.Cookies.Add(web.Web.Url, new Cookie(UiLanguage.CookieName, language));
        var message = UiText.For(language)["arena.signin.required"];
        // The page escapes the apostrophe of the English text: compare the part before it.
        var page = await anonymous.Http.GetStringAsync("/arena", Ct);
        Assert.Contains("signin-required", page, StringComparison.Ordinal);
        Assert.Contains(message.Split('\'')[0], page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"prompt-form\"", page, StringComparison.Ordinal);

        using var start = await anonymous.PostAsync("/api/arena/battles", new { prompt = "hello?" });
        Assert.Equal(HttpStatusCode.Unauthorized, start.StatusCode);
        Assert.Contains(message, await start.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var vote = await anonymous.VoteAsync("not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, vote.StatusCode);

        using var admin = Admin(web);
        var link = await CreateLinkAsync(admin, "carol");
        await SignInAsync(anonymous, link.Link);
        Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(anonymous, "hello again?"));
        Assert.Equal(link.VoterId, Assert.Single(await BattlesAsync(web)).Judge);
    }

    [Fact]
    public async Task Without_sign_in_a_link_does_nothing_and_an_active_name_cannot_get_a_second_link()
    {
        await using var web = await WebHarness.StartAsync();
        using var admin = Admin(web);
        var dora = await CreateLinkAsync(admin, "dora");
        using (var duplicate = await admin.Http.PostAsJsonAsync("/api/admin/voters", new { name = "dora" }, Ct)) Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        using (var empty = await admin.Http.PostAsJsonAsync("/api/admin/voters", new { name = " " }, Ct)) Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var browser = web.Client();
        using var off = await browser.Http.GetAsync(dora.Link, Ct);
        Assert.Equal(HttpStatusCode.NotFound, off.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(browser, "anonymous?"));
        Assert.StartsWith("web:", Assert.Single(await BattlesAsync(web)).Judge, StringComparison.Ordinal);
        using var anonymous = web.Client();
        using var refused = await anonymous.Http.PostAsJsonAsync("/api/admin/voters", new { name = "eve" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public void The_header_is_refused_at_start_without_trusted_proxies_or_a_sign_in_mode()
    {
        var errors = new ArbiterWebOptions { VoterSignInHeader = "Remote-User" }.Validate();
        Assert.Contains(errors, e => e.Contains("TrustedProxies", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("optional or required", StringComparison.Ordinal));
        var bad = new ArbiterWebOptions { VoterSignIn = VoterSignInMode.Optional, VoterSignInHeader = "Remote User:" };
        bad.TrustedProxies.Add("10.0.0.1");
        Assert.Contains(bad.Validate(), e => e.Contains("header name", StringComparison.Ordinal));
        var good = new ArbiterWebOptions { VoterSignIn = VoterSignInMode.Required, VoterSignInHeader = "X-Forwarded-User" };
        good.TrustedProxies.Add("10.0.0.0/8");
        Assert.Empty(good.Validate());
    }

    internal static async Task<VoterLinkCreated> CreateLinkAsync(ArenaClient admin, string name)
    {
        using var response = await admin.Http.PostAsJsonAsync("/api/admin/voters", new { name }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<VoterLinkCreated>(ArenaClient.Json, Ct))!;
    }

    internal static async Task SignInAsync(ArenaClient browser, string link)
    {
        using var response = await browser.Http.GetAsync(link, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/arena", response.Headers.Location!.OriginalString);
    }

    internal static async Task<HttpStatusCode> FightAndVoteAsync(ArenaClient client, string prompt)
    {
        var (ticket, _) = await client.FightAsync(prompt);
        using var vote = await client.VoteAsync(ticket.Token);
        return vote.StatusCode;
    }

    private static async Task<List<ArenaBattle>> BattlesAsync(WebHarness web)
    {
        var list = new List<ArenaBattle>();
        await foreach (var b in web.Store.ReadBattlesAsync(null, Ct)) list.Add(b);
        return list;
    }

    private static ArenaClient Admin(WebHarness web) => web.AdminClient(Key);
}
