using Arbiter.Web.Tests.Support;
using Microsoft.Playwright;

namespace Arbiter.Web.BrowserTests;

/// <summary>The frontier charts in a real browser under the site's CSP: drawn, named for screen readers, and laid out without overflow.</summary>
public sealed class FrontierBrowserTests
{
    [Fact]
    public async Task The_frontier_page_draws_its_charts_under_the_site_policy_with_nothing_clipped()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        await using var web = await WebHarness.StartAsync();
        try
        {
            var context = await browser.NewContextAsync(new() { BaseURL = web.Web.Url.ToString(), ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "ru-RU" });
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(20_000);
            await page.AddInitScriptAsync("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));");
            await page.GotoAsync("/frontier?asOf=2025-10-15");
            var charts = page.Locator(".frontier-charts figure.chart svg[role=img]");
            await Assertions.Expect(charts).ToHaveCountAsync(5);
            // The accessible name is the chart's own title (aria-labelledby), as a screen reader reads it — in the browser's language.
            var name = await page.EvaluateAsync<string>("() => { const s = document.querySelector('figure[data-chart=lag] svg'); return s.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id).textContent).join(' | '); }");
            Assert.StartsWith("Отставание от US в месяцах на 2025-10-15 | CN: медианное отставание рекордов", name, StringComparison.Ordinal);
            // Every label stays inside its chart as the browser actually measured it, and no two labels' boxes overlap.
            var problems = await page.EvaluateAsync<string[]>("""
                () => Array.from(document.querySelectorAll('.frontier-charts svg')).flatMap(svg => {
                  const texts = Array.from(svg.querySelectorAll('text')).filter(t => !t.hasAttribute('transform')).map(t => ({ t: t.textContent, b: t.getBBox() }));
                  const w = svg.viewBox.baseVal.width, out = [];
                  texts.forEach(a => { if (a.b.x < 0 || a.b.x + a.b.width > w) out.push('clipped: ' + a.t); });
                  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
                    const a = texts[i].b, b = texts[j].b;
                    if (a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1) out.push(texts[i].t + ' / ' + texts[j].t);
                  }
                  return out;
                })
                """);
            Assert.Empty(problems);
            Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__csp"));
            await Browser.ShotAsync(page, "9-frontier");

            await page.ClickAsync("nav.tabs a[data-source=runs]");
            await Assertions.Expect(page.Locator("p.banner.simulated")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("p.error")).ToContainTextAsync("Прогонов пока нет"); // the harness stores none; the ru-RU browser gets the Russian UI
            await Browser.ShotAsync(page, "9-frontier-simulated");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
