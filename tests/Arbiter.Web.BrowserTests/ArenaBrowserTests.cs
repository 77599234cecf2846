using Arbiter.Simulator;
using Arbiter.Web.Tests.Support;
using Microsoft.Playwright;

namespace Arbiter.Web.BrowserTests;

public sealed class ArenaBrowserTests : IAsyncLifetime
{
    private WebHarness _web = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        (_playwright, _browser) = await Browser.LaunchAsync();
        _web = await WebHarness.StartAsync(latencyScale: 1);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_web is not null) await _web.DisposeAsync();
    }

    private Task<IPage> NewPageAsync() => Browser.NewPageAsync(_browser, _web.Web.Url);

    /// <summary>Counts text mutations in both answer panes, proving the answers arrive piece by piece.</summary>
    private static Task WatchStreamingAsync(IPage page) => page.EvaluateAsync(@"() => {
        window.__mutations = { a: 0, b: 0 };
        for (const side of ['a', 'b']) {
          new MutationObserver(() => window.__mutations[side]++).observe(document.getElementById('answer-' + side), { childList: true, subtree: true, characterData: true });
        }
      }");

    [Fact]
    public async Task A_voter_types_a_prompt_watches_both_answers_stream_votes_and_sees_the_reveal_and_the_leaderboard_move()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/leaderboard");
        await Assertions.Expect(page.Locator(".empty")).ToBeVisibleAsync();

        await page.GotoAsync("/arena");
        await WatchStreamingAsync(page);
        await page.FillAsync("#prompt", "Explain in a few sentences why diversification reduces investment risk.");
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator("#vote")).ToBeVisibleAsync();
        var mutations = await page.EvaluateAsync<Dictionary<string, int>>("() => window.__mutations");
        Assert.True(mutations["a"] > 3 && mutations["b"] > 3, $"expected streamed updates, saw a={mutations["a"]}, b={mutations["b"]}");
        Assert.Equal("", await page.TextContentAsync("#reveal-a"));
        await Browser.ShotAsync(page, "1-arena-answers");

        await page.ClickAsync("button[data-winner='model_a']");
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync();
        StringAssert(await page.TextContentAsync("#reveal-a"), "sim-");
        StringAssert(await page.TextContentAsync("#reveal-b"), "sim-");
        await Browser.ShotAsync(page, "2-arena-reveal");

        await page.ClickAsync("#to-board");
        await Assertions.Expect(page.Locator("#total")).ToHaveAttributeAsync("data-battles", "1");
        await Assertions.Expect(page.Locator("svg.chart g.row")).ToHaveCountAsync(2);
        await Browser.ShotAsync(page, "3-leaderboard");
    }

    [Fact]
    public async Task The_ui_switches_to_russian_and_remembers_it()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/arena");
        await page.ClickAsync("a[data-lang='ru']");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Слепая арена");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#send")).ToHaveTextAsync("Отправить");
        await page.FillAsync("#prompt", "Объясните, что такое инфляция, и приведите пример кода на Python.");
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator("#vote")).ToBeVisibleAsync();
        await Browser.ShotAsync(page, "4-arena-russian");

        await page.ClickAsync("a[data-lang='zh']");
        await page.GotoAsync("/leaderboard");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("排行榜");
        await Browser.ShotAsync(page, "5-leaderboard-chinese");
    }

    [Fact]
    public async Task A_hostile_answer_renders_as_text_and_runs_no_script()
    {
        var page = await NewPageAsync();
        var dialogs = 0;
        page.Dialog += async (_, dialog) =>
        {
            dialogs++;
            await dialog.DismissAsync();
        };
        await page.GotoAsync("/arena");
        await page.FillAsync("#prompt", "Show me a link " + SimProbes.XssCue);
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator("#vote")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#answer-a .turn-answer").First).ToContainTextAsync("<script>alert(1)</script>");
        await page.HoverAsync("#answer-a");
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(0, dialogs);
        Assert.Equal(0, await page.Locator(".answer script, .answer img, .answer svg, .answer [onerror], .answer a[href^='javascript']").CountAsync());
        await Browser.ShotAsync(page, "6-xss-inert");
    }

    [Fact]
    public async Task The_admin_page_refuses_without_a_key()
    {
        Environment.SetEnvironmentVariable(_web.AdminKeyEnv, "browser-admin-key");
        var page = await NewPageAsync();
        var response = await page.GotoAsync("/admin");
        Assert.Equal(401, response!.Status);
        await Assertions.Expect(page.Locator("#admin-status")).ToContainTextAsync("admin API key is required");
        await page.FillAsync("#admin-key", "wrong-key");
        await page.ClickAsync("#unlock");
        await Assertions.Expect(page.Locator("#admin-panel")).ToBeHiddenAsync();
        await Browser.ShotAsync(page, "7-admin-refused");

        await page.FillAsync("#admin-key", "browser-admin-key");
        await page.ClickAsync("#unlock");
        await Assertions.Expect(page.Locator("#admin-panel")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#admin-models tr")).ToHaveCountAsync(5);

        // An added model gets a Remove button (configured ones only Disable); clicking it removes the row.
        using (var http = new HttpClient { BaseAddress = _web.Web.Url })
        {
            http.DefaultRequestHeaders.Add("X-Admin-Key", "browser-admin-key");
            using var added = await http.PostAsync("/api/admin/models", System.Net.Http.Json.JsonContent.Create(new { id = "browser-added", baseUrl = _web.Sim.BaseUrl.ToString(), model = "sim-open-8b", jurisdiction = "local" }));
            Assert.Equal(System.Net.HttpStatusCode.Created, added.StatusCode);
        }

        await page.ReloadAsync();
        await page.FillAsync("#admin-key", "browser-admin-key");
        await page.ClickAsync("#unlock");
        await Assertions.Expect(page.Locator("#admin-models tr")).ToHaveCountAsync(6);
        var row = page.Locator("#admin-models tr", new() { HasText = "browser-added" });
        await Assertions.Expect(row.Locator("button.secondary")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#admin-models tr", new() { HasText = "sim-open-8b" }).Locator("button.secondary")).ToHaveCountAsync(0);
        await row.Locator("button.secondary").ClickAsync();
        await Assertions.Expect(page.Locator("#admin-models tr")).ToHaveCountAsync(5);
        await Browser.ShotAsync(page, "7b-admin-removed");
    }

    private static void StringAssert(string? text, string prefix) => Assert.StartsWith(prefix, text ?? "", StringComparison.Ordinal);
}
