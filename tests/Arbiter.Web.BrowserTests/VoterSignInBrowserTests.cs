using Arbiter.Web.Hosting;
using Arbiter.Web.Tests.Support;
using Microsoft.Playwright;

namespace Arbiter.Web.BrowserTests;

/// <summary>Voter sign-in in a real browser: the admin makes a personal link on the admin page, a voter follows it, votes and signs out.</summary>
public sealed class VoterSignInBrowserTests : IAsyncLifetime
{
    private const string Key = "signin-browser-key";
    private WebHarness _web = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        (_playwright, _browser) = await Browser.LaunchAsync();
        _web = await WebHarness.StartAsync(o => o.VoterSignIn = VoterSignInMode.Required);
        Environment.SetEnvironmentVariable(_web.AdminKeyEnv, Key);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_web is not null) await _web.DisposeAsync();
    }

    [Theory]
    [InlineData("en", "Signed in as Анна.", "Blind arena")]
    [InlineData("ru", "Вы вошли как Анна.", "Слепая арена")]
    public async Task A_voter_follows_a_personal_link_votes_signed_in_and_signs_out(string language, string signedIn, string title)
    {
        var admin = await Browser.NewPageAsync(_browser, _web.Web.Url);
        await admin.GotoAsync("/admin");
        await admin.FillAsync("#admin-key", Key);
        await admin.ClickAsync("#unlock");
        await Assertions.Expect(admin.Locator("#admin-panel")).ToBeVisibleAsync();
        await admin.FillAsync("#voter-form input[name='name']", "Анна");
        await admin.ClickAsync("#voter-form button");
        await Assertions.Expect(admin.Locator("#voter-link")).ToBeVisibleAsync();
        var link = await admin.InputValueAsync("#voter-link-url");
        await Assertions.Expect(admin.Locator("#admin-voters .revoke-voter")).ToHaveCountAsync(1);

        var voter = await Browser.NewPageAsync(_browser, _web.Web.Url);
        await voter.GotoAsync("/arena");
        if (language != "en") await voter.ClickAsync($"a[data-lang='{language}']");
        await Assertions.Expect(voter.Locator(".signin-required")).ToBeVisibleAsync();
        await Assertions.Expect(voter.Locator("#prompt")).ToHaveCountAsync(0);

        await voter.GotoAsync(link);
        // The link leaves the address bar at once: the arena, signed in.
        Assert.EndsWith("/arena", voter.Url, StringComparison.Ordinal);
        await Assertions.Expect(voter.Locator("h1")).ToHaveTextAsync(title);
        await Assertions.Expect(voter.Locator("#signed-in")).ToContainTextAsync(signedIn);
        await voter.FillAsync("#prompt", language == "ru" ? "Что такое инфляция?" : "What is inflation?");
        await voter.ClickAsync("#send");
        await Assertions.Expect(voter.Locator("#vote")).ToBeVisibleAsync();
        await voter.ClickAsync("button[data-winner='model_b']");
        await Assertions.Expect(voter.Locator("#result")).ToBeVisibleAsync();
        await Browser.ShotAsync(voter, $"signin-voted-{language}");

        await voter.ClickAsync("#signout");
        await Assertions.Expect(voter.Locator(".signin-required")).ToBeVisibleAsync();

        // The admin voids her votes from the link's row; the board recomputes without them.
        await admin.ClickAsync("#admin-voters .void-voter");
        await Assertions.Expect(admin.Locator("#admin-status")).ToContainTextAsync("1");
        await admin.GotoAsync("/leaderboard");
        await Assertions.Expect(admin.Locator(".empty")).ToBeVisibleAsync();
    }
}
