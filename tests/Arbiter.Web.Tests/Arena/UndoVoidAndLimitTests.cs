using System.Net;
using System.Net.Http.Json;
using Arbiter.Core.Arena;
using Arbiter.Web.Admin;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

public sealed class UndoVoidAndLimitTests
{
    private const string Key = "undo-admin-key";

    [Fact]
    public async Task Undoing_a_void_from_the_admin_api_puts_its_battles_back_on_the_board()
    {
        await using var web = await WebHarness.StartAsync(o => (o.BattlesPerMinute, o.VotesPerMinute, o.RequestsPerMinute) = (1000, 1000, 10000));
        using (var voter = web.Client())
        {
            for (var i = 0; i < 3; i++)
            {
                var (ticket, _) = await voter.FightAsync($"question {i}?");
                using var vote = await voter.VoteAsync(ticket.Token);
                Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
            }
        }

        var ct = TestContext.Current.CancellationToken;
        using var admin = Admin(web);
        var board = (Arbiter.Web.Leaderboard.LeaderboardService)web.Web.Services.GetService(typeof(Arbiter.Web.Leaderboard.LeaderboardService))!;
        using (var v = await admin.Http.PostAsJsonAsync("/api/admin/battles/void", new { from = DateTimeOffset.UtcNow.AddHours(-1), reason = "test window" }, ct))
        {
            Assert.Equal(HttpStatusCode.OK, v.StatusCode);
        }

        Assert.Equal(0, (await board.GetAsync(new(), ct)).Battles);
        var listed = Assert.Single((await admin.Http.GetFromJsonAsync<List<VoidedGroup>>("/api/admin/battles/voids", ArenaClient.Json, ct))!);
        Assert.Equal(("test window", 3), (listed.Reason, listed.Battles));
        Assert.Contains("undo-void", await admin.Http.GetStringAsync("/admin", ct), StringComparison.Ordinal);

        using (var wrong = await admin.Http.PostAsJsonAsync("/api/admin/battles/voids/undo", new { atMs = listed.AtMs, reason = "other" }, ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        }

        using var undo = await admin.Http.PostAsJsonAsync("/api/admin/battles/voids/undo", new { atMs = listed.AtMs, reason = listed.Reason }, ct);
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        Assert.Equal(3, (await undo.Content.ReadFromJsonAsync<RestoredCount>(ArenaClient.Json, ct))!.Restored);
        Assert.Equal(3, (await board.GetAsync(new(), ct)).Battles);
        Assert.Empty((await admin.Http.GetFromJsonAsync<List<VoidedGroup>>("/api/admin/battles/voids", ArenaClient.Json, ct))!);

        using var anonymous = web.Client();
        using var refused = await anonymous.Http.PostAsJsonAsync("/api/admin/battles/voids/undo", new { atMs = listed.AtMs, reason = listed.Reason }, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_per_voter_limit_survives_a_restart()
    {
        // A fixed token secret, so the voter's signed cookie still verifies after the restart (as an operator would set).
        var secretEnv = "ARBITER_TEST_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(secretEnv, Convert.ToBase64String(new byte[32]));
        try
        {
            await using var web = await WebHarness.StartAsync(o => (o.VotesPerVoterPerHour, o.TokenSecretEnv) = (2, secretEnv));
            using var before = web.Client();
            for (var i = 0; i < 2; i++)
            {
                var (ticket, _) = await before.FightAsync($"question {i}?");
                using var vote = await before.VoteAsync(ticket.Token);
                Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
            }

            await web.RestartAsync();

            using var after = web.Client();
            after.Cookies.Add(before.Cookies.GetAllCookies());
            var (third, _) = await after.FightAsync("question 3?");
            using var refused = await after.VoteAsync(third.Token);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(2, await web.Store.CountBattlesAsync());

            // Another voter is not held by the first one's votes.
            using var other = web.Client();
            var (fourth, _) = await other.FightAsync("question 4?");
            using var counted = await other.VoteAsync(fourth.Token);
            Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable(secretEnv, null);
        }
    }

    private static ArenaClient Admin(WebHarness web)
    {
        Environment.SetEnvironmentVariable(web.AdminKeyEnv, Key);
        var client = web.Client();
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        return client;
    }
}
