using Microsoft.Playwright;

namespace Arbiter.Web.BrowserTests;

/// <summary>
/// Debian's Chromium driven by Playwright (the registry cannot download Playwright's own browsers).
/// Without Chromium the tests skip — unless ARBITER_REQUIRE_BROWSER=1 (test.sh, CI), where they fail.
/// </summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// A page on the app at <paramref name="baseUrl"/>. Actions and Expect(...) assertions both wait up to 20 s:
    /// Expect's own default of 5 s was overrun while answers streamed on a busy machine (another build running).
    /// </summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        return page;
    }

    public static string ScreenshotDir { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            if (Environment.GetEnvironmentVariable("ARBITER_REQUIRE_BROWSER") == "1")
            {
                Assert.Fail($"ARBITER_REQUIRE_BROWSER=1 but {ChromiumPath} is missing: apt-get install chromium (test.sh does this).");
            }

            Assert.Skip($"{ChromiumPath} is not installed; set ARBITER_REQUIRE_BROWSER=1 to make this a failure.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });
}
