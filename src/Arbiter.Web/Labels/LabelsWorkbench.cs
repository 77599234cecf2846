using Arbiter.Core.Labelling;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Probes;
using Arbiter.Engine.Labelling;
using Arbiter.Web.Hosting;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Arbiter.Web.Labels;

/// <summary>Body of <c>POST /api/labels/tasks</c>: a name, how many rows, optionally a custom label set and a seed.</summary>
public sealed record CreateLabellingTaskRequest(string? Name, int Size = 100, IReadOnlyList<string>? Labels = null, ulong Seed = 42);

/// <summary>A task as the admin list shows it.</summary>
public sealed record LabellingTaskSummary(string TaskId, string Name, IReadOnlyList<string> Labels, long CreatedAtMs, IReadOnlyList<LabellerInvite> Invites);

/// <summary>Body of an invite: the labeller's name.</summary>
public sealed record InviteRequest(string? Labeller);

/// <summary>The invite link, shown once (only its hash is stored).</summary>
public sealed record InviteCreated(string Labeller, string Link);

/// <summary>Body of an adjudication.</summary>
public sealed record AdjudicateRequest(string? ItemId, string? Label, string? Note);

/// <summary>
/// The labelling workbench: <c>/labels</c> (admin: tasks, invites, agreement, adjudication; the key stays in the page),
/// <c>/labels/i/{token}</c> (a labeller's link) and <c>/api/labels/…</c> (admin key required). The
/// <see cref="LabellingService"/> computes everything; these handlers only adapt.
/// </summary>
public static class LabelsWorkbench
{
    /// <summary>Maps the workbench over the host's store.</summary>
    public static IEndpointRouteBuilder MapLabelsWorkbench(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ServiceProvider;
        var service = new LabellingService(services.GetRequiredService<WebSetup>().Store, services.GetRequiredService<TimeProvider>());
        app.MapGet("/labels", (HttpContext context) => Page(context));
        app.MapGet("/labels/i/{token}", (HttpContext c, string token, string? item, Microsoft.AspNetCore.Antiforgery.IAntiforgery af, CancellationToken ct) =>
            LabellerPage.RenderAsync(c, token, item, service, af, ct));
        app.MapPost("/labels/i/{token}", (HttpContext c, string token, Microsoft.AspNetCore.Antiforgery.IAntiforgery af, CancellationToken ct) =>
            LabellerPage.PostAsync(c, token, service, af, ct)).DisableAntiforgery();
        var api = app.MapGroup("/api/labels").AddEndpointFilter(Security.RequireAdminKeyAsync);
        api.MapGet("/tasks", (CancellationToken ct) => TasksAsync(service, ct));
        api.MapPost("/tasks", (CreateLabellingTaskRequest r, WebSetup setup, CancellationToken ct) => CreateAsync(r, service, setup, ct));
        api.MapPost("/tasks/{id}/invites", (string id, InviteRequest r, HttpContext c, CancellationToken ct) => Guard<InviteCreated>(async () =>
        {
            var token = await service.InviteAsync(id, r.Labeller ?? "", ct).ConfigureAwait(false);
            return new InviteCreated(r.Labeller!.Trim(), $"{c.Request.Scheme}://{c.Request.Host}/labels/i/{token}");
        }));
        api.MapDelete("/tasks/{id}/invites/{labeller}", async Task<Results<NoContent, NotFound>> (string id, string labeller, CancellationToken ct) =>
            await service.RevokeAsync(id, labeller, ct).ConfigureAwait(false) ? TypedResults.NoContent() : TypedResults.NotFound());
        api.MapGet("/tasks/{id}/adjudication", (string id, CancellationToken ct) => Guard(() => service.AdjudicationAsync(id, ct)));
        api.MapPost("/tasks/{id}/adjudications", (string id, AdjudicateRequest r, CancellationToken ct) => Guard<bool>(async () =>
        {
            await service.AdjudicateAsync(id, r.ItemId ?? "", r.Label ?? "", "admin", r.Note, ct).ConfigureAwait(false);
            return true;
        }));
        api.MapGet("/tasks/{id}/agreement", async (string id, CancellationToken ct) =>
        {
            try
            {
                var report = await service.AgreementAsync(id, null, ct).ConfigureAwait(false);
                return report is null ? Results.NoContent() : Results.Json(LabelAgreementJson.ToJson(report));
            }
            catch (LabellingException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: ex.Message);
            }
        });
        api.MapGet("/tasks/{id}/export.csv", async (string id, CancellationToken ct) =>
        {
            var writer = new StringWriter();
            await service.ExportAsync(id, writer, ct).ConfigureAwait(false);
            return TypedResults.Text(writer.ToString(), "text/csv; charset=utf-8");
        });
        return app;
    }

    private static async Task<Ok<List<LabellingTaskSummary>>> TasksAsync(LabellingService service, CancellationToken ct)
    {
        var list = new List<LabellingTaskSummary>();
        await foreach (var t in service.TasksAsync(ct).ConfigureAwait(false))
        {
            list.Add(new LabellingTaskSummary(t.TaskId, t.Name, t.Labels, t.CreatedAtMs, await service.InvitesAsync(t.TaskId, ct).ToListAsync(ct).ConfigureAwait(false)));
        }

        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<LabellingTask>, ProblemHttpResult>> CreateAsync(CreateLabellingTaskRequest r, LabellingService service, WebSetup setup, CancellationToken ct)
    {
        try
        {
            var candidates = await AuditCandidates.LoadAsync(setup.Store, RefusalClassifier.Default.WithJudgeBelow(setup.AuditJudgeBelow), [BuiltInProbes.Load()], ct).ConfigureAwait(false);
            var task = await service.CreateTaskAsync(r.Name ?? "", r.Labels, candidates, r.Size, r.Seed, ct).ConfigureAwait(false);
            return TypedResults.Created($"/api/labels/tasks/{task.TaskId}", task);
        }
        catch (LabellingException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: ex.Message);
        }
    }

    private static async Task<Results<Ok<T>, ProblemHttpResult>> Guard<T>(Func<Task<T>> body)
    {
        try
        {
            return TypedResults.Ok(await body().ConfigureAwait(false));
        }
        catch (LabellingException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: ex.Message);
        }
    }

    private static IResult Page(HttpContext context)
    {
        var t0 = UiText.For(UiLanguage.Of(context));
        return Layout.Page(context, t0["labels.title"], "labels", (h, t) =>
        {
            h.Element("h1", t["labels.title"]).Element("p", t["labels.intro"], "intro");
            h.Raw("<section id=\"labels-admin\"");
            foreach (var key in new[] { "key", "unlock", "create", "name", "size", "customLabels", "tasks", "invite", "labeller", "revoke", "link", "adjudicate", "agreement", "export", "final", "save", "refused", "overall", "vsReference", "items", "none" })
            {
                h.Attr("data-" + key.ToLowerInvariant(), t["labels." + key]);
            }

            foreach (var reg in LabellingService.Registers) h.Attr("data-reg-" + reg, t["labels.reg." + reg]);
            h.Raw(">")
                .Raw("<form id=\"labels-unlock\" class=\"row\"><input type=\"password\" id=\"labels-key\" autocomplete=\"off\"").Attr("placeholder", t["labels.key"]).Raw(">")
                .Raw("<button type=\"submit\">").Text(t["labels.unlock"]).Raw("</button></form>")
                .Raw("<p id=\"labels-status\" role=\"status\"></p><div id=\"labels-panel\" hidden>")
                .Raw("<form id=\"labels-create\" class=\"row\"><input id=\"labels-name\" required").Attr("placeholder", t["labels.name"]).Raw(">")
                .Raw("<input id=\"labels-size\" type=\"number\" min=\"1\" value=\"100\"").Attr("title", t["labels.size"]).Raw(">")
                .Raw("<input id=\"labels-custom\"").Attr("placeholder", t["labels.customLabels"]).Raw(">")
                .Raw("<button type=\"submit\">").Text(t["labels.create"]).Raw("</button></form>")
                .Element("h2", t["labels.tasks"]).Raw("<div id=\"labels-tasks\"></div></div></section>");
        }, ["/assets/js/labels.js"]);
    }
}
