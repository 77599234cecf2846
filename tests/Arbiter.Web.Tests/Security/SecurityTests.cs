using System.Net;
using System.Net.Http.Json;
using Arbiter.Web.Admin;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Security;

public sealed class SecurityTests
{
    [Theory]
    [InlineData("/arena")]
    [InlineData("/leaderboard")]
    [InlineData("/runs")]
    [InlineData("/api/leaderboard")]
    [InlineData("/assets/js/arena.js")]
    [InlineData("/assets/js/sse.js")]
    public async Task Every_response_carries_a_strict_content_security_policy(string path)
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        using var response = await client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Pages_contain_no_inline_script_and_no_external_asset()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        foreach (var path in new[] { "/arena", "/leaderboard", "/runs", "/admin" })
        {
            var html = await client.Http.GetStringAsync(path).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "", TaskScheduler.Default);
            using var r = await client.Http.GetAsync(path);
            html = await r.Content.ReadAsStringAsync();
            Assert.DoesNotMatch("<script(?![^>]*\\ssrc=\"/assets/)", html);
            Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal).Replace("http://127.0.0.1:8000/v1", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        using var response = await client.PostAsync("/api/arena/battles", new { prompt = "hello" }, withCsrf: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Admin_endpoints_refuse_without_the_key_even_when_it_is_configured()
    {
        await using var web = await WebHarness.StartAsync();
        Environment.SetEnvironmentVariable(web.AdminKeyEnv, "correct-horse-battery-staple");
        using var client = web.Client();
        foreach (var (method, path) in new[] { ("GET", "/api/admin/models"), ("POST", "/api/admin/models/sim-open-8b/disable"), ("GET", "/api/admin/battles/export"), ("DELETE", "/api/admin/battles/pending"), ("GET", "/admin") })
        {
            using var none = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            using var wrong = new HttpRequestMessage(new HttpMethod(method), path);
            wrong.Headers.Add("X-Admin-Key", "correct-horse-battery-stapl");
            using var wrongResponse = await client.Http.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        }
    }

    [Fact]
    public async Task Admin_endpoints_refuse_everyone_when_no_key_is_configured()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/models");
        request.Headers.Add("X-Admin-Key", "");
        using var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task With_the_key_an_admin_disables_a_model_and_exports_battles()
    {
        await using var web = await WebHarness.StartAsync();
        Environment.SetEnvironmentVariable(web.AdminKeyEnv, "s3cret-admin-key");
        using var client = web.Client();
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret-admin-key");
        using (var disable = await client.Http.PostAsync("/api/admin/models/sim-open-8b/disable", null)) Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        var models = (await client.Http.GetFromJsonAsync<List<AdminModel>>("/api/admin/models", ArenaClient.Json))!;
        Assert.False(models.Single(m => m.Id == "sim-open-8b").Enabled);
        Assert.DoesNotContain("s3cret", await client.Http.GetStringAsync("/admin"), StringComparison.Ordinal);

        // A disabled model is never drawn again.
        for (var i = 0; i < 10; i++)
        {
            var (ticket, _) = await client.FightAsync($"question {i}");
            using var vote = await client.VoteAsync(ticket.Token);
            var receipt = (await vote.Content.ReadFromJsonAsync<Arbiter.Web.Arena.VoteReceipt>(ArenaClient.Json))!;
            Assert.DoesNotContain("sim-open-8b", new[] { receipt.ModelA, receipt.ModelB });
        }

        var export = await client.Http.GetStringAsync("/api/admin/battles/export");
        Assert.Equal(10, System.Text.Json.JsonDocument.Parse(export).RootElement.GetArrayLength());
        Assert.Contains("\"model_a\"", export, StringComparison.Ordinal);
        // The engine's exporter (as 'arbiter arena export'): ids make a re-import idempotent, style features feed style control.
        Assert.Equal(10, System.Text.Json.JsonDocument.Parse(export).RootElement.EnumerateArray().Count(b => b.TryGetProperty("battle_id", out _) && b.TryGetProperty("conv_metadata", out _)));
    }

    [Fact]
    public async Task Starting_battles_faster_than_the_limit_gets_429_with_retry_after()
    {
        await using var web = await WebHarness.StartAsync(o => o.BattlesPerMinute = 3);
        using var client = web.Client();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var r = await client.PostAsync("/api/arena/battles", new { prompt = $"q{i}" });
            codes.Add(r.StatusCode);
            if (r.StatusCode == HttpStatusCode.TooManyRequests) Assert.True(r.Headers.RetryAfter is not null);
        }

        Assert.Equal(3, codes.Count(c => c == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, codes[^1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task X_forwarded_for_splits_the_rate_limit_only_behind_a_trusted_proxy(bool trusted)
    {
        // The test client connects from 127.0.0.1, standing in for the reverse proxy.
        await using var web = await WebHarness.StartAsync(o =>
        {
            o.RequestsPerMinute = 2;
            if (trusted) o.TrustedProxies.Add("127.0.0.1");
        });
        using var http = new HttpClient { BaseAddress = web.Web.Url };
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/leaderboard");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i % 2 + 1}"); // two clients, two requests each
            using var response = await http.SendAsync(request);
            codes.Add(response.StatusCode);
        }

        // Trusted: each client has its own bucket of 2. Untrusted: the header is ignored and all four share one.
        Assert.Equal(trusted ? 4 : 2, codes.Count(c => c == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Invalid_settings_fail_at_start()
    {
        await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => WebHarness.StartAsync(o => o.VotesPerMinute = 0));
        await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => WebHarness.StartAsync(o => o.TrustedProxies.Add("proxy.local")));
    }
}
