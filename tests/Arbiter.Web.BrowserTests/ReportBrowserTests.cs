using Arbiter.Core.Runs;
using Arbiter.Web.Tests.Support;
using Microsoft.Playwright;

namespace Arbiter.Web.BrowserTests;

/// <summary>The report page's per-response CSP, as a real browser enforces it.</summary>
public sealed class ReportBrowserTests
{
    [Fact]
    public async Task The_full_report_is_styled_and_sortable_under_its_hash_based_policy()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        await using var web = await WebHarness.StartAsync();
        try
        {
            foreach (var (id, model, correct) in new[] { ("run-a", "sim-atlas-large", 8), ("run-b", "sim-open-8b", 4) })
            {
                await web.Store.UpsertRunAsync(new RunRecord(id, "spec-" + id, "science-en", "1", model, "science", "en", 10, 1, RunStatus.Completed, 1, 2) { ConfigJson = "{}" });
                await web.Store.WriteSamplesAsync([.. Enumerable.Range(0, 10).Select(i => (new SampleRecord(id, $"item-{i}", 0,
                    new ModelResponse($"answer {i}", null, "stop", new TokenUsage(10, 5), 12, null, 1, SampleStatus.Ok, ErrorKind.None, null),
                    new ScoreResult(i < correct ? 1 : 0, null, "test"), null, false, 3), (string?)null))]);
            }

            var context = await browser.NewContextAsync(new() { BaseURL = web.Web.Url.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
            var page = await context.NewPageAsync();
            // Injected by the driver, not the page, so the policy under test does not apply to it.
            await page.AddInitScriptAsync("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));");
            await page.GotoAsync("/runs");
            await page.ClickAsync("a.report-link");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Arbiter evaluation report");

            Assert.Equal("collapse", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('table')).borderCollapse"));
            var header = page.Locator("table.sortable th").Nth(1);
            await header.ClickAsync();
            await Assertions.Expect(header).ToHaveAttributeAsync("data-dir", "asc");
            Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__csp"));
            await Browser.ShotAsync(page, "8-report");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
