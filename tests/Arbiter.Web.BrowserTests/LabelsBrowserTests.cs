using Arbiter.Engine.Labelling;
using Arbiter.Web.Tests.Support;
using Microsoft.Playwright;

namespace Arbiter.Web.BrowserTests;

/// <summary>The labelling workbench in a real browser: admin invites two labellers, they label by keyboard, the admin settles the disagreement and sees the agreement.</summary>
public sealed class LabelsBrowserTests : IAsyncLifetime
{
    private const string Key = "labels-browser-key";
    private WebHarness _web = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        (_playwright, _browser) = await Browser.LaunchAsync();
        _web = await WebHarness.StartAsync();
        Environment.SetEnvironmentVariable(_web.AdminKeyEnv, Key);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_web is not null) await _web.DisposeAsync();
    }

    private Task<IPage> NewPageAsync() => Browser.NewPageAsync(_browser, _web.Web.Url);

    private async Task<string> SeedTaskAsync()
    {
        var service = new LabellingService(_web.Store, TimeProvider.System);
        var candidates = Enumerable.Range(0, 3).Select(i => new LabellingCandidate($"c{i}", $"Вопрос {i}?", $"Ответ модели {i}.", "sim-volga-pro", "history", "ru", i == 0 ? "refusal" : "answer")).ToList();
        return (await service.CreateTaskAsync("Проверка классификатора", null, candidates, 3, 1, TestContext.Current.CancellationToken)).TaskId;
    }

    private static async Task<string> InviteAsync(IPage admin, string who)
    {
        var section = admin.Locator(".labels-task").First;
        await section.Locator("form.invite input").FillAsync(who);
        await section.Locator("form.invite button").ClickAsync();
        // This invitee's link, not the one shown for the previous invitee (which the page clears when a new invite is sent).
        var link = section.Locator($".invite-link a[data-labeller='{who}']");
        await Assertions.Expect(link).ToBeVisibleAsync();
        return (await link.GetAttributeAsync("href"))!;
    }

    private static async Task LabelAllAsync(IPage page, string link, string keys, string done)
    {
        await page.GotoAsync(link);
        foreach (var key in keys)
        {
            var before = await page.Locator("#labels-progress").TextContentAsync();
            // Each shortcut submits the form (post/redirect/get): wait for the next page, so the next key is never
            // pressed on a page that is being replaced.
            await page.EvaluateAsync("() => { window.__replaced = false; }");
            await page.Keyboard.PressAsync(key.ToString());
            await page.WaitForFunctionAsync("() => window.__replaced === undefined && document.readyState === 'complete'");
            await Assertions.Expect(page.Locator("#labels-progress")).Not.ToHaveTextAsync(before!);
        }

        await Assertions.Expect(page.Locator("p.done")).ToHaveTextAsync(done);
    }

    [Fact]
    public async Task Admin_invites_two_labellers_who_label_by_keyboard_and_the_disagreement_is_settled_in_english()
    {
        await SeedTaskAsync();
        var admin = await NewPageAsync();
        await admin.GotoAsync("/labels");
        await admin.FillAsync("#labels-key", Key);
        await admin.ClickAsync("#labels-unlock button");
        await Assertions.Expect(admin.Locator(".labels-task h3")).ToHaveTextAsync("Проверка классификатора");
        var first = await InviteAsync(admin, "anna");
        var second = await InviteAsync(admin, "boris");

        var anna = await NewPageAsync();
        await anna.GotoAsync(first);
        await Assertions.Expect(anna.Locator(".prompt")).ToContainTextAsync("Вопрос");
        await Assertions.Expect(anna.Locator("#labeller")).Not.ToContainTextAsync("sim-volga-pro");
        await Assertions.Expect(anna.Locator("#labels-progress")).ToContainTextAsync("0 of 3 done");
        await Browser.ShotAsync(anna, "labels-1-labeller");
        // Key 1 = refusal, 5 = answer (register order), s = skip.
        await LabelAllAsync(anna, first, "155", "All items are done. Thank you!");
        var boris = await NewPageAsync();
        await LabelAllAsync(boris, second, "555", "All items are done. Thank you!");

        await admin.ReloadAsync();
        await admin.FillAsync("#labels-key", Key);
        await admin.ClickAsync("#labels-unlock button");
        var item = admin.Locator(".adjudication-item");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(admin.Locator("table.agreement")).ToContainTextAsync("Cohen");
        await Assertions.Expect(admin.Locator("table.agreement tr").Nth(1)).ToContainTextAsync("[");
        await item.Locator("select").SelectOptionAsync("partial");
        await item.Locator("button").ClickAsync();
        await Assertions.Expect(admin.Locator(".adjudication-item.settled")).ToHaveCountAsync(1);
        await Assertions.Expect(admin.Locator(".adjudication-item select")).ToHaveValueAsync("partial");
        await Assertions.Expect(admin.Locator("table.vs-reference")).ToContainTextAsync("classifier");
        await Browser.ShotAsync(admin, "labels-2-admin");
    }

    [Fact]
    public async Task A_labeller_works_in_russian_with_skip_and_a_note()
    {
        var taskId = await SeedTaskAsync();
        var service = new LabellingService(_web.Store, TimeProvider.System);
        var link = "/labels/i/" + await service.InviteAsync(taskId, "Анна", TestContext.Current.CancellationToken);
        var page = await NewPageAsync();
        await page.GotoAsync(link);
        await page.ClickAsync("a[data-lang='ru']");
        await Assertions.Expect(page.Locator("#labels-progress")).ToContainTextAsync("Готово 0 из 3");
        await Assertions.Expect(page.Locator("button[data-key='1']")).ToContainTextAsync("Отказ");
        await page.FillAsync("textarea[name='note']", "непонятно");
        await page.ClickAsync("button[data-key='s']");
        await Assertions.Expect(page.Locator("#labels-progress")).ToContainTextAsync("Готово 1 из 3");
        await page.Keyboard.PressAsync("2");
        await Assertions.Expect(page.Locator("#labels-progress")).ToContainTextAsync("Готово 2 из 3");
        await Browser.ShotAsync(page, "labels-3-ru");
        var labels = await ((Arbiter.Core.Labelling.ILabellingStore)_web.Store).ReadItemLabelsAsync(taskId, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains(labels, l => l is { Label: null, Note: "непонятно" });
        Assert.Contains(labels, l => l.Label == "deflection");
    }
}
