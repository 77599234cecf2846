using System.Net;
using System.Net.Http.Json;
using Arbiter.Core.Arena;
using Arbiter.Web.Hosting;
using Arbiter.Web.Tests.Support;
using static Arbiter.Web.Tests.Arena.VoterSignInTests;

namespace Arbiter.Web.Tests.Arena;

/// <summary>The trusted proxy's user header, and sign-in on several web nodes over one store (SQLite and PostgreSQL).</summary>
public sealed class VoterSignInProxyTests
{
    private const string Key = "signin-nodes-admin-key";

    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Links_and_proxy_users_keep_one_limit_across_nodes_addresses_and_cookies_and_a_revocation_holds_on_every_node(string store)
    {
        await using var nodes = await WebNodes.StartAsync(store, configure: o =>
        {
            (o.VoterSignIn, o.VoterSignInHeader, o.VotesPerVoterPerHour) = (VoterSignInMode.Optional, "Remote-User", 2);
            o.TrustedProxies.Add("127.0.0.1");
        });
        Environment.SetEnvironmentVariable(nodes.AdminKeyEnv, Key);
        using var admin = nodes.Client(0);
        admin.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        var anna = await CreateLinkAsync(admin, "anna");

        // A link made on node 0 signs in on node 1; the votes count together whichever node takes them.
        using var first = nodes.Client(1);
        await SignInAsync(first, anna.Link.Replace(nodes[0].Url.Authority, nodes[1].Url.Authority, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(first, "question 1?"));
        using var second = nodes.Client(0);
        await SignInAsync(second, anna.Link);
        Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(second, "question 2?"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await FightAndVoteAsync(first, "question 3?"));

        // Revoked on node 1: node 0 no longer signs the browser in.
        using var adminAtB = nodes.Client(1);
        adminAtB.Http.DefaultRequestHeaders.Authorization = admin.Http.DefaultRequestHeaders.Authorization;
        using (var revoke = await adminAtB.Http.PostAsJsonAsync("/api/admin/voters/revoke", new { name = "anna" }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        Assert.DoesNotContain("id=\"signed-in\"", await second.Http.GetStringAsync("/arena", Ct), StringComparison.Ordinal);

        // The proxy's user: another node, another address, fresh cookies — still one person, one limit.
        using (var a = Proxied(nodes.Client(0), "alice", "10.0.0.1")) Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(a, "question 4?"));
        using (var b = Proxied(nodes.Client(1), "alice", "10.0.0.2")) Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(b, "question 5?"));
        using (var c = Proxied(nodes.Client(0), "alice", "10.0.0.3")) Assert.Equal(HttpStatusCode.TooManyRequests, await FightAndVoteAsync(c, "question 6?"));
        using (var bob = Proxied(nodes.Client(1), "bob", "10.0.0.3")) Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(bob, "question 7?"));

        // The store holds keyed ids only: no name, and the two identities are distinct.
        var voters = await nodes.ClaimColumnAsync("voter");
        Assert.Equal(5, voters.Count);
        Assert.All(voters, v => Assert.StartsWith("user:", v, StringComparison.Ordinal));
        Assert.Equal(3, voters.Distinct().Count());
        Assert.Equal(2, voters.Count(v => v == anna.VoterId));
        Assert.DoesNotContain(voters, v => v.Contains("anna", StringComparison.Ordinal) || v.Contains("alice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(VoterSignInMode.Optional)]
    [InlineData(VoterSignInMode.Required)]
    public async Task The_user_header_from_an_untrusted_address_is_ignored(VoterSignInMode mode)
    {
        // The test client connects from 127.0.0.1; only 10.9.9.9 is the proxy.
        await using var web = await WebHarness.StartAsync(o =>
        {
            (o.VoterSignIn, o.VoterSignInHeader) = (mode, "Remote-User");
            o.TrustedProxies.Add("10.9.9.9");
        });
        using var forger = Proxied(web.Client(), "alice", "10.9.9.9");
        var page = await forger.Http.GetStringAsync("/arena", Ct);
        Assert.DoesNotContain("alice", page, StringComparison.Ordinal);
        if (mode == VoterSignInMode.Required)
        {
            using var refused = await forger.PostAsync("/api/arena/battles", new { prompt = "hello?" });
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(forger, "hello?"));
        var battles = new List<ArenaBattle>();
        await foreach (var b in web.Store.ReadBattlesAsync(null, Ct)) battles.Add(b);
        Assert.StartsWith("web:", Assert.Single(battles).Judge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_user_header_from_the_trusted_proxy_signs_in_and_shows_no_sign_out()
    {
        await using var web = await WebHarness.StartAsync(o =>
        {
            (o.VoterSignIn, o.VoterSignInHeader) = (VoterSignInMode.Required, "X-Forwarded-User");
            o.TrustedProxies.Add("127.0.0.0/8");
        });
        using var viaProxy = web.Client();
        viaProxy.Http.DefaultRequestHeaders.Add("X-Forwarded-User", "li.min@corp.example");
        var page = await viaProxy.Http.GetStringAsync("/arena", Ct);
        Assert.Contains("id=\"signed-in\"", page, StringComparison.Ordinal);
        Assert.Contains("li.min@corp.example", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"signout\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(viaProxy, "hello?"));
    }

    [Fact]
    public async Task One_signed_in_person_voting_from_many_addresses_is_marked_shared_sign_in_in_the_export()
    {
        await using var web = await WebHarness.StartAsync(o =>
        {
            (o.VoterSignIn, o.VoterSignInHeader) = (VoterSignInMode.Optional, "Remote-User");
            o.TrustedProxies.Add("127.0.0.1");
        });
        for (var i = 1; i <= 5; i++)
        {
            using var machine = Proxied(web.Client(), "bot-account", $"10.1.0.{i}");
            Assert.Equal(HttpStatusCode.OK, await FightAndVoteAsync(machine, $"question {i}?"));
        }

        using var admin = web.AdminClient(Key);
        var export = System.Text.Json.JsonDocument.Parse(await admin.Http.GetStringAsync("/api/admin/battles/export", Ct)).RootElement.EnumerateArray()
            .OrderBy(b => b.GetProperty("tstamp").GetDouble()).ToList();
        Assert.Single(export.Select(b => b.GetProperty("judge").GetString()).Distinct());
        Assert.Equal([false, false, false, false, true], export.Select(b => b.TryGetProperty("signals", out var s) && s.GetString()!.Contains("shared-sign-in", StringComparison.Ordinal)));
        Assert.All(export, b => Assert.DoesNotContain("bot-account", b.GetRawText(), StringComparison.Ordinal));
    }

    private static ArenaClient Proxied(ArenaClient client, string user, string address)
    {
        client.Http.DefaultRequestHeaders.Add("Remote-User", user);
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}
