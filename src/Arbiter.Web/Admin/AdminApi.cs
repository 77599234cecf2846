using Arbiter.Core.Arena;
using Arbiter.Core.Models;
using Arbiter.Engine.Providers;
using Arbiter.Web.Arena;
using Arbiter.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Admin;

/// <summary>A model as the admin sees it (no key: only the name of its variable).</summary>
public sealed record AdminModel(string Id, string Provider, string BaseUrl, string Model, string? ApiKeyEnv, string Jurisdiction, string? Origin, bool Enabled);

/// <summary>Body of <c>POST /api/admin/models</c>.</summary>
public sealed record AddModelRequest(string? Id, string? BaseUrl, string? Model, string? ApiKeyEnv, string? Jurisdiction, string? Origin, string? Provider = "openai");

/// <summary>Admin endpoints under <c>/api/admin</c>; every one requires the admin API key (401 without it).</summary>
public static class AdminApi
{
    /// <summary>Maps the admin API and the <c>/admin</c> page.</summary>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin", AdminPage.Render);
        var api = app.MapGroup("/api/admin").AddEndpointFilter(Security.RequireAdminKeyAsync);
        api.MapGet("/models", ListModels);
        api.MapPost("/models", AddModel);
        api.MapPost("/models/{id}/disable", (string id, ArenaModels models, ILoggerFactory log) => SetEnabled(id, false, models, log));
        api.MapPost("/models/{id}/enable", (string id, ArenaModels models, ILoggerFactory log) => SetEnabled(id, true, models, log));
        api.MapGet("/battles/export", ExportAsync);
        api.MapDelete("/battles/pending", DeletePending);
        return api;
    }

    internal static IReadOnlyList<AdminModel> Describe(ArenaModels models) =>
        [.. models.All.Select(m => new AdminModel(m.Id, m.Spec.Provider, m.Spec.BaseUrl, m.Spec.Model, m.Spec.ApiKeyEnv, m.Spec.Jurisdiction, m.Spec.Origin, m.Enabled))];

    private static Ok<IReadOnlyList<AdminModel>> ListModels(ArenaModels models) => TypedResults.Ok(Describe(models));

    private static Results<Created<AdminModel>, ProblemHttpResult> AddModel(AddModelRequest request, ArenaModels models, ILoggerFactory log)
    {
        if (string.IsNullOrWhiteSpace(request.Id) || string.IsNullOrWhiteSpace(request.Model)
            || !Uri.TryCreate(request.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "id, model and an http(s) baseUrl are required.");
        }

        var spec = new ModelSpec(request.Id.Trim(), request.Provider ?? "openai", url.ToString().TrimEnd('/'), request.Model.Trim(), Blank(request.ApiKeyEnv),
            Blank(request.Jurisdiction) ?? "local", Blank(request.Origin), null, null, GenerationParameters.Default);
        try
        {
            if (!models.Add(spec)) return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"A model with id '{spec.Id}' exists.");
        }
        catch (ProviderConfigurationException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: ex.Message);
        }

        Log.AdminAction(log.CreateLogger("Arbiter.Web.Admin"), "added model", spec.Id);
        return TypedResults.Created($"/api/admin/models/{Uri.EscapeDataString(spec.Id)}", Describe(models).First(m => m.Id == spec.Id));
    }

    private static Results<Ok<AdminModel>, NotFound> SetEnabled(string id, bool enabled, ArenaModels models, ILoggerFactory log)
    {
        if (!models.SetEnabled(id, enabled)) return TypedResults.NotFound();
        Log.AdminAction(log.CreateLogger("Arbiter.Web.Admin"), enabled ? "enabled model" : "disabled model", id);
        return TypedResults.Ok(Describe(models).First(m => m.Id == id));
    }

    /// <summary>Every stored battle in FastChat's clean-battle field names, as a download.</summary>
    private static async Task ExportAsync(HttpContext context, IBattleStore store, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"arbiter-battles.json\"";
        var rows = new List<object>();
        await foreach (var b in store.ReadBattlesAsync(null, cancellationToken))
        {
            rows.Add(new Dictionary<string, object?>
            {
                ["question_id"] = b.QuestionId ?? b.BattleId,
                ["model_a"] = b.ModelA,
                ["model_b"] = b.ModelB,
                ["winner"] = b.Winner,
                ["judge"] = b.Judge,
                ["turn"] = b.Turn,
                ["anony"] = b.Anonymous,
                ["language"] = b.Language,
                ["category"] = b.Category,
                ["tstamp"] = b.TimestampMs / 1000.0,
                ["flagged"] = b.Flagged,
            });
        }

        await System.Text.Json.JsonSerializer.SerializeAsync(context.Response.Body, rows, cancellationToken: cancellationToken);
    }

    private static Ok<DeletedCount> DeletePending(IServiceProvider services, ILoggerFactory log)
    {
        var n = services.GetRequiredService<ArenaService>().ClearPending();
        Log.AdminAction(log.CreateLogger("Arbiter.Web.Admin"), "deleted pending battles", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Ok(new DeletedCount(n));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>How many items a delete removed.</summary>
public sealed record DeletedCount(int Deleted);
