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

        using var atOther = new ArenaClient(_nodes[1].Url);
        var elsewhere = await AnsweredElsewhereAsync(page, atOther);
        await page.FillAsync("#prompt", "Объясните подробно, что такое сложный процент.");
        await page.ClickAsync("#send");
        var russian = UiText.For("ru");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(russian["arena.elsewhere"]);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(russian["arena.retrying"].Replace("{0}", "2", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#stop")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#vote")).ToBeHiddenAsync();
        await Browser.ShotAsync(page, "10-arena-answered-elsewhere");

        await elsewhere.Reading.WaitAsync(TimeSpan.FromSeconds(90));
        await Assertions.Expect(page.Locator("#vote")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(elsewhere.StreamRequests >= 2, $"expected the page to retry its stream, saw {elsewhere.StreamRequests} request(s)");
        await Assertions.Expect(page.Locator("#status")).ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#stop")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#followup-form")).ToBeVisibleAsync();
        foreach (var side in new[] { "a", "b" })
        {
            // What node 1 streamed, rendered by the server and parsed by this browser, is what the page shows.
            var html = elsewhere.Events.Single(e => e.Event == "done" && e.Data.GetProperty("side").GetString() == side).Data.GetProperty("html").GetString();
            var answer = page.Locator($"#answer-{side} .turn-answer");
            await Assertions.Expect(answer).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("streaming"));
            Assert.True(await answer.EvaluateAsync<bool>("(el, html) => { const t = document.createElement('template'); t.innerHTML = html; return t.content.textContent === el.textContent; }", html),
                $"side {side} does not show node 1's answer");
            await Assertions.Expect(page.Locator("#copy-" + side)).ToBeVisibleAsync();
        }

        // Copy gives the answer's Markdown as node 1 streamed it.
        await page.ClickAsync("#copy-a");
        var streamedA = "";
        foreach (var (name, data) in elsewhere.Events.Where(e => e.Event is "delta" or "reset" && e.Data.GetProperty("side").GetString() == "a"))
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

    [Fact]
    public async Task Stop_while_the_page_waits_for_the_other_node_stops_the_answers_there_and_offers_regenerate()
    {
        var page = await Browser.NewPageAsync(_browser, _nodes[0].Url);
        await page.GotoAsync("/arena");
        using var atOther = new ArenaClient(_nodes[1].Url);
        var elsewhere = await AnsweredElsewhereAsync(page, atOther);
        await page.FillAsync("#prompt", "Explain in detail how compound interest works.");
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(UiText.For("en")["arena.elsewhere"]);

        await page.ClickAsync("#stop");
        await elsewhere.Reading.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(elsewhere.Events[^1].Data.GetProperty("stopped").GetBoolean()); // stopped on node 1, where the models ran
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(UiText.For("en")["arena.stopped"]);
        await Assertions.Expect(page.Locator("#regenerate")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#stop")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#vote")).ToBeHiddenAsync();

        // Regenerate asks again; this time no other node has the turn, so node 0 streams it to the page.
        await page.UnrouteAllAsync();
        await page.ClickAsync("#regenerate");
        await Assertions.Expect(page.Locator("#vote")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#answer-a .turn-answer")).Not.ToBeEmptyAsync();
    }

    [Fact]
    public async Task A_network_error_on_the_stream_shows_the_error_and_hides_stop_as_before()
    {
        var page = await Browser.NewPageAsync(_browser, _nodes[0].Url);
        await page.GotoAsync("/arena");
        await page.RouteAsync("**/stream", route => route.AbortAsync("connectionreset"));
        await page.FillAsync("#prompt", "Name a prime number.");
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(UiText.For("en")["arena.error"]);
        await Assertions.Expect(page.Locator("#stop")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#vote")).ToBeHiddenAsync();
    }

    /// <summary>The other node's stream as a test client read it, and how often the page asked node 0 for it.</summary>
    private sealed class Elsewhere
    {
        private int _streamRequests;

        public Task Reading { get; set; } = Task.CompletedTask;

        public List<(string Event, JsonElement Data)> Events { get; set; } = [];

        public int StreamRequests => Volatile.Read(ref _streamRequests);

        public void CountStreamRequest() => Interlocked.Increment(ref _streamRequests);
    }

    /// <summary>
    /// The page's next battle starts on node 0 but, before the page hears of it, node 1 takes its turn (as when the
    /// balancer sent an earlier stream request there); every request of the page then reaches node 0, not answering.
    /// </summary>
    private static async Task<Elsewhere> AnsweredElsewhereAsync(IPage page, ArenaClient atOther)
    {
        var elsewhere = new Elsewhere();
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/stream", StringComparison.Ordinal)) elsewhere.CountStreamRequest();
        };
        await page.RouteAsync("**/api/arena/battles", async route =>
        {
            var started = await route.FetchAsync();
            var ticket = JsonSerializer.Deserialize<BattleTicket>(await started.TextAsync(), ArenaClient.Json)!;
            var (reading, firstDelta, events) = atOther.StreamInBackground(ticket.StreamUrl);
            (elsewhere.Reading, elsewhere.Events) = (reading, events);
            await firstDelta.WaitAsync(TimeSpan.FromSeconds(30));
            await route.FulfillAsync(new() { Response = started });
        });
        return elsewhere;
    }
}
