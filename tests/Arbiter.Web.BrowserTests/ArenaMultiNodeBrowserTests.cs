using System.Text.Json;
using Arbiter.Web.Arena;
using Arbiter.Web.Localization;
using Arbiter.Web.Tests.Support;
using Microsoft.Playwright;

namespace Arbiter.Web.BrowserTests;

/// <summary>
/// Two web nodes on one store behind a load balancer without session affinity: the page's stream request reaches the
/// node that is not answering the turn. The page says why in the voter's language, retries as Retry-After asks, and
/// shows the answers once the other node has finished, ready for the vote.
/// </summary>
public sealed class ArenaMultiNodeBrowserTests : IAsyncLifetime
{
    private WebNodes _nodes = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        (_playwright, _browser) = await Browser.LaunchAsync();
        // Answers of some seconds each: the page meets the other node still answering, more than once.
        _nodes = await WebNodes.StartAsync("sqlite", latencyScale: 4);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_nodes is not null) await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task A_stream_sent_to_the_node_not_answering_says_so_in_russian_then_shows_the_other_nodes_answers_and_takes_the_vote()
    {
        var page = await Browser.NewPageAsync(_browser, _nodes[0].Url);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GotoAsync("/arena");
        await page.ClickAsync("a[data-lang='ru']");
        await Assertions.Expect(page.Locator("#send")).ToHaveTextAsync("Отправить");

        // The battle starts on node 0; before the page hears of it, node 1 takes its turn (as when the balancer sent an
        // earlier stream request there). Every request of the page then reaches node 0, which is not answering.
        using var atOther = new ArenaClient(_nodes[1].Url);
        Task reading = Task.CompletedTask;
        List<(string Event, JsonElement Data)> events = [];
        var streamRequests = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/stream", StringComparison.Ordinal)) Interlocked.Increment(ref streamRequests);
        };
        await page.RouteAsync("**/api/arena/battles", async route =>
        {
            var started = await route.FetchAsync();
            var ticket = JsonSerializer.Deserialize<BattleTicket>(await started.TextAsync(), ArenaClient.Json)!;
            Task firstDelta;
            (reading, firstDelta, events) = atOther.StreamInBackground(ticket.StreamUrl);
            await firstDelta.WaitAsync(TimeSpan.FromSeconds(30));
            await route.FulfillAsync(new() { Response = started });
        });

        await page.FillAsync("#prompt", "Объясните подробно, что такое сложный процент.");
        await page.ClickAsync("#send");
        var russian = UiText.For("ru");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(russian["arena.elsewhere"]);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(russian["arena.retrying"].Replace("{0}", "2", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#stop")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#vote")).ToBeHiddenAsync();
        await Browser.ShotAsync(page, "10-arena-answered-elsewhere");

        await reading.WaitAsync(TimeSpan.FromSeconds(90));
        await Assertions.Expect(page.Locator("#vote")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(streamRequests >= 2, $"expected the page to retry its stream, saw {streamRequests} request(s)");
        await Assertions.Expect(page.Locator("#status")).ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#stop")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#followup-form")).ToBeVisibleAsync();
        foreach (var side in new[] { "a", "b" })
        {
            // What node 1 streamed, rendered by the server and parsed by this browser, is what the page shows.
            var html = events.Single(e => e.Event == "done" && e.Data.GetProperty("side").GetString() == side).Data.GetProperty("html").GetString();
            var answer = page.Locator($"#answer-{side} .turn-answer");
            await Assertions.Expect(answer).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("streaming"));
            Assert.True(await answer.EvaluateAsync<bool>("(el, html) => { const t = document.createElement('template'); t.innerHTML = html; return t.content.textContent === el.textContent; }", html),
                $"side {side} does not show node 1's answer");
            await Assertions.Expect(page.Locator("#copy-" + side)).ToBeVisibleAsync();
        }

        // Copy gives the answer's Markdown as node 1 streamed it.
        await page.ClickAsync("#copy-a");
        var streamedA = "";
        foreach (var (name, data) in events.Where(e => e.Event is "delta" or "reset" && e.Data.GetProperty("side").GetString() == "a"))
        {
            streamedA = name == "reset" ? "" : streamedA + data.GetProperty("text").GetString();
        }

        Assert.Equal(streamedA.TrimStart(), await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Browser.ShotAsync(page, "11-arena-loaded-from-other-node");

        await page.ClickAsync("button[data-winner='model_a']");
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync();
        Assert.StartsWith("sim-", await page.TextContentAsync("#reveal-a") ?? "", StringComparison.Ordinal);
        var battle = Assert.Single(await _nodes.Store(1).ReadBattlesAsync().ToListAsync());
        Assert.Equal("model_a", battle.Winner);
        Assert.Equal(0, await page.Locator(".answer script, .answer [onerror]").CountAsync());
    }
}
