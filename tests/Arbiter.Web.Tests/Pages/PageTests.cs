using System.Net;
using Arbiter.Core.Runs;
using Arbiter.Web.Localization;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Pages;

public sealed class PageTests
{
    [Fact]
    public async Task The_leaderboard_counts_a_vote_as_soon_as_it_is_cast()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        Assert.Contains("class=\"empty\"", await client.Http.GetStringAsync("/leaderboard"), StringComparison.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            var (ticket, _) = await client.FightAsync($"Board question {i}");
            using var vote = await client.VoteAsync(ticket.Token, "tie");
        }

        var page = await client.Http.GetStringAsync("/leaderboard");
        Assert.Contains("<svg class=\"chart\"", page, StringComparison.Ordinal);
        Assert.Contains("data-battles=\"3\"", page, StringComparison.Ordinal);
        // Three votes: every model is below the 30-battle minimum, so each is marked preliminary and shows no "±0" interval.
        Assert.Contains("class=\"preliminary\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("+0 / -0", page, StringComparison.Ordinal);
        Assert.Contains("<details class=\"matrix\">", page, StringComparison.Ordinal);
        Assert.Contains("data-battles=\"3\"", await client.Http.GetStringAsync("/leaderboard/table?style=1"), StringComparison.Ordinal);
        Assert.Contains("class=\"empty\"", await client.Http.GetStringAsync("/leaderboard?language=zh"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_arena_page_says_at_once_when_fewer_than_two_models_are_enabled()
    {
        await using var web = await WebHarness.StartAsync();
        using (var client = web.Client())
        {
            Assert.Contains("id=\"prompt-form\"", await client.Http.GetStringAsync("/arena"), StringComparison.Ordinal);
        }

        await web.RestartAsync([web.Models[0]]);
        using var one = web.Client();
        var page = await one.Http.GetStringAsync("/arena");
        Assert.Contains("needs at least two enabled models; 1 enabled", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"prompt-form\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_switch_is_remembered_and_refuses_open_redirects()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        using var ru = await client.Http.GetAsync("/lang/ru?return=/leaderboard");
        Assert.Equal(HttpStatusCode.Redirect, ru.StatusCode);
        Assert.Equal("/leaderboard", ru.Headers.Location!.OriginalString);
        var page = await client.Http.GetStringAsync("/arena");
        Assert.Contains("Слепая арена", page, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ru\">", page, StringComparison.Ordinal);
        using var evil = await client.Http.GetAsync("/lang/zh?return=//evil.example/");
        Assert.Equal("/", evil.Headers.Location!.OriginalString);
        Assert.Contains("盲测竞技场", await client.Http.GetStringAsync("/arena"), StringComparison.Ordinal);

        // A control character in the return path was a 500 without security headers (LocalRedirect threw).
        foreach (var hostile in new[] { "/%09/x", "/%0d%0aSet-Cookie:x=1", "/a%00b" })
        {
            using var bad = await client.Http.GetAsync("/lang/ru?return=" + hostile);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True(bad.Headers.Contains("Content-Security-Policy") || bad.Content.Headers.Contains("Content-Security-Policy"), hostile);
        }
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("zh")]
    public void Every_language_has_every_english_string(string code)
    {
        // Chinese has one plural form: "key.many" stands for "key.one".
        var missing = UiText.For("en").Keys.Except(UiText.For(code).Keys)
            .Where(k => !(code == "zh" && k.EndsWith(".one", StringComparison.Ordinal) && UiText.For(code).Keys.Contains(k[..^4] + ".many")))
            .ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("en", 1, "1 battle")]
    [InlineData("en", 2, "2 battles")]
    [InlineData("ru", 1, "1 бой")]
    [InlineData("ru", 3, "3 боя")]
    [InlineData("ru", 11, "11 боёв")]
    [InlineData("ru", 21, "21 бой")]
    [InlineData("ru", 25, "25 боёв")]
    [InlineData("zh", 1, "1 场对战")]
    public void Counts_take_the_plural_form_of_the_language(string code, long n, string expected) =>
        Assert.Equal(expected, UiText.For(code).Count("board.total", n));

    [Fact]
    public async Task Runs_are_listed_opened_and_compared()
    {
        await using var web = await WebHarness.StartAsync();
        foreach (var (id, model, correct) in new[] { ("run-a", "sim-atlas-large", 8), ("run-b", "sim-open-8b", 4) })
        {
            await web.Store.UpsertRunAsync(new RunRecord(id, "spec-" + id, "science-en", "1", model, "science", "en", 10, 1, RunStatus.Completed, 1, 2) { ConfigJson = "{}" });
            var samples = Enumerable.Range(0, 10).Select(i => (new SampleRecord(id, $"item-{i}", 0,
                new ModelResponse($"answer {i} <b>bold</b>", null, "stop", new TokenUsage(10, 5), 12, null, 1, SampleStatus.Ok, ErrorKind.None, null),
                new ScoreResult(i < correct ? 1 : 0, null, "test"), null, false, 3), (string?)null)).ToList();
            await web.Store.WriteSamplesAsync(samples);
        }

        using var client = web.Client();
        var list = await client.Http.GetStringAsync("/runs");
        Assert.Contains("href=\"/runs/run-a\"", list, StringComparison.Ordinal);
        var report = await client.Http.GetStringAsync("/runs/run-a");
        Assert.Contains("80.0%", report, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", report, StringComparison.Ordinal);
        var compare = await client.Http.GetStringAsync("/runs/compare?a=run-a&b=run-b");
        Assert.Contains("40.0%", compare, StringComparison.Ordinal);
        using var missing = await client.Http.GetAsync("/runs/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // The full report, as 'arbiter report' writes it; its CSP admits exactly its own inline style and script.
        Assert.Contains("href=\"/report\"", list, StringComparison.Ordinal);
        using var full = await client.Http.GetAsync("/report?model=sim-atlas-large&model=sim-open-8b");
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var html = await full.Content.ReadAsStringAsync();
        Assert.Contains("<h2>Scores per model and domain</h2>", html, StringComparison.Ordinal);
        var csp = full.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'none';", csp, StringComparison.Ordinal);
        foreach (var tag in new[] { "style", "script" })
        {
            var inline = System.Text.RegularExpressions.Regex.Matches(html, $"<{tag}>(.*?)</{tag}>", System.Text.RegularExpressions.RegexOptions.Singleline);
            var body = Assert.Single(inline).Groups[1].Value;
            var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body)));
            Assert.Contains($"{tag}-src 'sha256-{hash}'", csp, StringComparison.Ordinal);
        }

        using var unknown = await client.Http.GetAsync("/report?run=%3Cb%3Enope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain("<b>nope", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
