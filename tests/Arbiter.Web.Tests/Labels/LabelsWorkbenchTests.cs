using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Arbiter.Core.Labelling;
using Arbiter.Engine.Labelling;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Labels;

public sealed partial class LabelsWorkbenchTests
{
    private const string Key = "labels-admin-key";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LabellingCandidate Candidate(int i, string predicted) =>
        new($"c{i}", $"Prompt number {i}?", $"Reply <b>{i}</b> from the model", "sim-volga-pro", "history", "ru", predicted);

    private static async Task<(LabellingService Service, LabellingTask Task)> TaskAsync(WebHarness web, int size = 4)
    {
        var service = new LabellingService(web.Store, TimeProvider.System);
        var task = await service.CreateTaskAsync("Проверка", null, [.. Enumerable.Range(0, size).Select(i => Candidate(i, i % 2 == 0 ? "refusal" : "answer"))], size, 1, Ct);
        return (service, task);
    }

    private static async Task<HttpResponseMessage> SubmitAsync(ArenaClient client, string link, string page, params (string, string)[] fields)
    {
        var token = FormToken().Match(page);
        Assert.True(token.Success, page);
        var item = ItemField().Match(page).Groups[1].Value;
        var form = new List<KeyValuePair<string, string>> { new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)), new("item", item) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
        return await client.Http.PostAsync(link, new FormUrlEncodedContent(form), Ct);
    }

    [Fact]
    public async Task A_labeller_sees_prompt_and_reply_but_not_model_or_prediction_and_works_through_the_task()
    {
        await using var web = await WebHarness.StartAsync();
        var (service, task) = await TaskAsync(web);
        var token = await service.InviteAsync(task.TaskId, "Анна", Ct);
        using var client = web.Client();
        var link = "/labels/i/" + token;

        var page = await client.Http.GetStringAsync(link, Ct);
        Assert.Contains("Prompt number", page, StringComparison.Ordinal);
        Assert.Contains("Reply &lt;b&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("sim-volga-pro", page, StringComparison.Ordinal);
        Assert.DoesNotContain("classifier", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("0 of 4 done", page, StringComparison.Ordinal);
        Assert.Contains("data-key=\"1\"", page, StringComparison.Ordinal);

        using (var posted = await SubmitAsync(client, link, page, ("label", "refusal"), ("note", "clear no")))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }

        page = await client.Http.GetStringAsync(link, Ct);
        Assert.Contains("1 of 4 done", page, StringComparison.Ordinal);
        using (var skipped = await SubmitAsync(client, link, page, ("skip", "1")))
        {
            Assert.Equal(HttpStatusCode.Redirect, skipped.StatusCode);
        }

        using (var bad = await SubmitAsync(client, link, await client.Http.GetStringAsync(link, Ct), ("label", "not-a-label")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        var labels = await ((ILabellingStore)web.Store).ReadItemLabelsAsync(task.TaskId, Ct).ToListAsync(Ct);
        Assert.Equal(2, labels.Count);
        Assert.Contains(labels, l => l is { Label: "refusal", Note: "clear no", Labeller: "Анна" });
        Assert.Contains(labels, l => l.Skipped);

        // Without the page's anti-forgery token the post is refused.
        using (var forged = await client.Http.PostAsync(link, new FormUrlEncodedContent([new("item", "c1"), new("label", "answer")]), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.True(await service.RevokeAsync(task.TaskId, "Анна", Ct));
        using var revoked = await client.Http.GetAsync(link, Ct);
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
    }

    [Fact]
    public async Task The_labeller_page_speaks_russian()
    {
        await using var web = await WebHarness.StartAsync();
        var (service, task) = await TaskAsync(web);
        using var client = web.Client();
        client.Cookies.Add(web.Web.Url, new Cookie("arbiter-lang", "ru"));
        var page = await client.Http.GetStringAsync("/labels/i/" + await service.InviteAsync(task.TaskId, "b", Ct), Ct);
        Assert.Contains("Готово 0 из 4", page, StringComparison.Ordinal);
        Assert.Contains("Отказ", page, StringComparison.Ordinal);
        Assert.Contains("Пропустить", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_api_needs_the_key_and_gives_agreement_adjudication_and_export()
    {
        await using var web = await WebHarness.StartAsync();
        var (service, task) = await TaskAsync(web);
        using var anonymous = web.Client();
        using (var refused = await anonymous.Http.GetAsync("/api/labels/tasks", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Environment.SetEnvironmentVariable(web.AdminKeyEnv, Key);
        using var admin = web.Client();
        admin.Http.DefaultRequestHeaders.Add("X-Admin-Key", Key);
        using (var none = await admin.Http.PostAsJsonAsync("/api/labels/tasks", new { name = "x", size = 10 }, Ct))
        {
            // The harness stores no audit run: the reason is given, nothing is created.
            Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
            Assert.Contains("run an audit first", await none.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using var invited = await admin.Http.PostAsJsonAsync($"/api/labels/tasks/{task.TaskId}/invites", new { labeller = "a" }, Ct);
        var link = (await invited.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("link").GetString()!;
        Assert.StartsWith(web.Web.Url.ToString().TrimEnd('/') + "/labels/i/", link, StringComparison.Ordinal);
        var a = (await service.OpenAsync(link[(link.LastIndexOf('/') + 1)..], Ct))!;
        var b = (await service.OpenAsync(await service.InviteAsync(task.TaskId, "b", Ct), Ct))!;
        var items = (await service.WorkAsync(a, Ct)).Items;
        foreach (var (item, i) in items.Select((x, i) => (x, i)))
        {
            await service.LabelAsync(a, item.ItemId, i == 0 ? "refusal" : "answer", null, Ct);
            await service.LabelAsync(b, item.ItemId, "answer", null, Ct);
        }

        var rows = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/labels/tasks/{task.TaskId}/adjudication", Ct);
        var disputed = rows.EnumerateArray().Where(r => r.GetProperty("disagreement").GetBoolean()).ToList();
        Assert.Single(disputed);
        using (var decided = await admin.Http.PostAsJsonAsync($"/api/labels/tasks/{task.TaskId}/adjudications",
            new { itemId = disputed[0].GetProperty("item").GetProperty("itemId").GetString(), label = "partial" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        }

        var agreement = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/labels/tasks/{task.TaskId}/agreement", Ct);
        Assert.Equal("adjudicated", agreement.GetProperty("reference").GetString());
        Assert.True(agreement.GetProperty("overall").TryGetProperty("fleissKappa", out _));
        Assert.Contains(agreement.GetProperty("vsReference").EnumerateArray(), r => r.GetProperty("classifier").GetBoolean());

        var csv = await admin.Http.GetStringAsync($"/api/labels/tasks/{task.TaskId}/export.csv", Ct);
        var read = Arbiter.Engine.Audit.Validation.LabelledSet.Read("export.csv", new StringReader(csv));
        Assert.Equal(4, read.Count);
        Assert.Single(read, r => r.Gold == Arbiter.Engine.Audit.Classification.AuditRegister.Partial);
    }

    [GeneratedRegex("name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("name=\"item\" value=\"([^\"]+)\"")]
    private static partial Regex ItemField();
}
