using Arbiter.Web.Tests.Support;
using Microsoft.Playwright;

namespace Arbiter.Web.BrowserTests;

/// <summary>Voter features in a real browser: stop, regenerate, copy and sharing a battle after the vote.</summary>
public sealed class ArenaShareBrowserTests : IAsyncLifetime
{
    private WebHarness _web = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        (_playwright, _browser) = await Browser.LaunchAsync();
        // Slow answers (seconds each), so Stop can land while they stream.
        _web = await WebHarness.StartAsync(latencyScale: 6);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_web is not null) await _web.DisposeAsync();
    }

    [Fact]
    public async Task A_voter_copies_an_answer_votes_and_shares_the_battle_which_a_stranger_reads_without_the_voter()
    {
        var page = await Browser.NewPageAsync(_browser, _web.Web.Url);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GotoAsync("/arena");
        await page.FillAsync("#prompt", "Explain in a few sentences why diversification reduces investment risk.");
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator("#vote")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await CopiesTheAnswerAsync(page, "a");

        await page.ClickAsync("button[data-winner='model_b']");
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync();
        var modelA = (await page.TextContentAsync("#reveal-a"))!.Split(' ')[0];
        await page.ClickAsync("#share");
        await Assertions.Expect(page.Locator("#share-box")).ToBeVisibleAsync();
        var url = await page.InputValueAsync("#share-url");
        Assert.Matches("/arena/shared/[0-9a-f]{32}$", url);

        var stranger = await Browser.NewPageAsync(_browser, _web.Web.Url);
        await stranger.GotoAsync(url);
        await Assertions.Expect(stranger.Locator("#reveal-a")).ToContainTextAsync(modelA);
        await Assertions.Expect(stranger.Locator("#side-b")).ToHaveClassAsync("side winner");
        await Assertions.Expect(stranger.Locator("#verdict")).ToContainTextAsync("B is better");
        Assert.Equal(0, await stranger.Locator("#vote, #prompt-form, #share").CountAsync());

        // The reader copies side B's answer (its Markdown) and the link.
        await stranger.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await CopiesTheAnswerAsync(stranger, "b");
        await stranger.ClickAsync("#copy-link");
        await Assertions.Expect(stranger.Locator("#copy-link")).ToHaveTextAsync("Copied");
        Assert.Equal(url, await stranger.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Browser.ShotAsync(stranger, "5-arena-shared");
    }

    [Fact]
    public async Task In_russian_a_voter_stops_the_answers_regenerates_them_votes_and_shares()
    {
        var page = await Browser.NewPageAsync(_browser, _web.Web.Url);
        await page.GotoAsync("/arena");
        await page.ClickAsync("a[data-lang='ru']");
        await page.FillAsync("#prompt", "Объясните подробно, что такое инфляция.");
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator("#stop")).ToHaveTextAsync("Остановить");
        await Assertions.Expect(page.Locator("#answer-a .turn-answer")).Not.ToBeEmptyAsync();
        await page.ClickAsync("#stop");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Остановлено");
        await Assertions.Expect(page.Locator("#vote")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#stop")).ToBeHiddenAsync();

        await page.ClickAsync("#regenerate");
        await Assertions.Expect(page.Locator("#vote")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        // The stopped try is replaced, not kept beside the new one.
        await Assertions.Expect(page.Locator("#answer-a .turn-prompt")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#regenerate")).ToHaveTextAsync("Перегенерировать");
        await page.ClickAsync("button[data-winner='tie']");
        await Assertions.Expect(page.Locator("#regenerate")).ToBeHiddenAsync();
        await page.ClickAsync("#share");
        await Assertions.Expect(page.Locator("#share-url")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/arena/shared/"));
        await Assertions.Expect(page.Locator("#share-note")).ToContainTextAsync("кто голосовал, не видно");
        await page.GotoAsync(await page.InputValueAsync("#share-url"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Бой, которым поделились");
        await Assertions.Expect(page.Locator("#verdict")).ToContainTextAsync("Итог");
        await Assertions.Expect(page.Locator("#answer-a .turn-prompt")).ToHaveTextAsync("Объясните подробно, что такое инфляция.");
        await Assertions.Expect(page.Locator("#copy-link")).ToHaveTextAsync("Копировать ссылку");
        await Assertions.Expect(page.Locator("#copy-a")).ToHaveTextAsync("Копировать");
        await Browser.ShotAsync(page, "6-arena-shared-russian");
    }

    /// <summary>Clicks a side's Copy: the clipboard gets the latest answer's Markdown, the page shows it rendered, and the words agree.</summary>
    private static async Task CopiesTheAnswerAsync(IPage page, string side)
    {
        await page.ClickAsync("#copy-" + side);
        await Assertions.Expect(page.Locator("#copy-" + side)).ToHaveTextAsync("Copied");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        var shown = await page.Locator($"#answer-{side} .turn-answer").Last.InnerTextAsync();
        var words = System.Text.RegularExpressions.Regex.Matches(copied, @"\p{L}{4,}").Select(m => m.Value).Take(5).ToList();
        Assert.NotEmpty(words);
        Assert.All(words, w => Assert.Contains(w, shown, StringComparison.Ordinal));
    }
}
