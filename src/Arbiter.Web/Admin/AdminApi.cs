using System.Text.RegularExpressions;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;
using Arbiter.Core.Models;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Sovereignty;
using Arbiter.Web.Arena;
using Arbiter.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Admin;

/// <summary>A model as the admin sees it (no key: only the name of its variable). <paramref name="Configured"/>: from the config, so it can be disabled but not removed.</summary>
public sealed record AdminModel(string Id, string Provider, string BaseUrl, string Model, string? ApiKeyEnv, string Jurisdiction, string? Origin, bool Enabled, bool Configured,
    string? Problem = null);

/// <summary>
/// Body of <c>POST /api/admin/models</c>. There is no key field: <paramref name="ApiKeyEnv"/> names the
/// environment variable that holds the key, and unknown fields (an <c>apiKey</c>, say) are ignored.
/// </summary>
public sealed record AddModelRequest(string? Id, string? BaseUrl, string? Model, string? ApiKeyEnv, string? Jurisdiction, string? Origin, string? Provider = "openai");

/// <summary>Admin endpoints under <c>/api/admin</c>; every one requires the admin API key (401 without it).</summary>
public static partial class AdminApi
{
    private const string LogCategory = "Arbiter.Web.Admin";

    /// <summary>Maps the admin API and the <c>/admin</c> page.</summary>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin", AdminPage.Render);
        var api = app.MapGroup("/api/admin").AddEndpointFilter(Security.RequireAdminKeyAsync);
        api.MapGet("/models", ListModels);
        api.MapPost("/models", AddModelAsync);
        api.MapPost("/models/{id}/disable", (string id, ArenaModels models, ILoggerFactory log, CancellationToken ct) => SetEnabledAsync(id, false, models, log, ct));
        api.MapPost("/models/{id}/enable", (string id, ArenaModels models, ILoggerFactory log, CancellationToken ct) => SetEnabledAsync(id, true, models, log, ct));
        api.MapDelete("/models/{id}", RemoveModelAsync);
        api.MapGet("/battles/export", Export);
        api.MapDelete("/battles/pending", DeletePendingAsync);
        AdminIntegrityApi.Map(api);
        return api;
    }

    internal static IReadOnlyList<AdminModel> Describe(ArenaModels models) =>
        [.. models.All.Select(m => new AdminModel(m.Id, m.Spec.Provider, m.Spec.BaseUrl, m.Spec.Model, m.Spec.ApiKeyEnv, m.Spec.Jurisdiction, m.Spec.Origin, m.Enabled, m.Configured)),
         .. models.Unusable.Select(u => new AdminModel(u.Spec.Id, u.Spec.Provider, u.Spec.BaseUrl, u.Spec.Model, u.Spec.ApiKeyEnv, u.Spec.Jurisdiction, u.Spec.Origin, false, false, u.Problem))];

    private static Ok<IReadOnlyList<AdminModel>> ListModels(ArenaModels models) => TypedResults.Ok(Describe(models));

    private static async Task<Results<Created<AdminModel>, ProblemHttpResult>> AddModelAsync(AddModelRequest request, ArenaModels models, ILoggerFactory log,
        CancellationToken cancellationToken)
    {
        if (Validate(request) is { } invalid) return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: invalid);
        var spec = new ModelSpec(request.Id!.Trim(), request.Provider ?? "openai", new Uri(request.BaseUrl!).ToString().TrimEnd('/'), request.Model!.Trim(),
            Blank(request.ApiKeyEnv), Blank(request.Jurisdiction) ?? Jurisdictions.Default(new Uri(request.BaseUrl!)), Blank(request.Origin), null, null, GenerationParameters.Default);
        bool added;
        try
        {
            var saved = await SaveAsync(() => models.AddAsync(spec, cancellationToken), "add model", spec.Id, log);
            if (saved is null) return NotSaved();
            added = saved.Value;
        }
        catch (ProviderConfigurationException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: ex.Message);
        }

        if (!added) return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"A model with id '{spec.Id}' exists.");
        Log.AdminAction(log.CreateLogger(LogCategory), "added model", spec.Id);
        return TypedResults.Created($"/api/admin/models/{Uri.EscapeDataString(spec.Id)}", Describe(models).First(m => m.Id == spec.Id));
    }

    /// <summary>Why the request cannot become a model, or null. Nothing that looks like a key is accepted.</summary>
    internal static string? Validate(AddModelRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Id) || string.IsNullOrWhiteSpace(request.Model)
            || !Uri.TryCreate(request.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return "id, model and an http(s) baseUrl are required.";
        }

        if (request.Id.Any(char.IsControl)) return "id must not contain control characters.";

        // The residency policy decides by this tag: an unchecked string, or "local" assumed for a remote host,
        // would let confidential prompts leave unnoticed.
        if (Blank(request.Jurisdiction) is { } j && !Jurisdictions.IsValid(j)) return $"jurisdiction must be {Jurisdictions.Expected}; got '{j}'.";
        if (Blank(request.Jurisdiction) is null && !Jurisdictions.IsLoopback(url))
        {
            return $"jurisdiction is required for a non-loopback endpoint: {Jurisdictions.Expected}.";
        }

        // Stored and shown to every admin: a key hidden in the URL would leak through both.
        if (url.UserInfo.Length > 0 || url.Query.Length > 0) return "baseUrl must not carry credentials or a query string.";

        // The admin API stores what it is given, so it takes the variable's name only. POSIX portable
        // names are upper case, digits and '_'; a pasted key almost never is.
        if (Blank(request.ApiKeyEnv) is { } env && !EnvironmentVariableName().IsMatch(env))
        {
            return "apiKeyEnv must be the name of an environment variable (A-Z, 0-9, _), never the key itself.";
        }

        return null;
    }

    private static async Task<Results<Ok<AdminModel>, NotFound, ProblemHttpResult>> SetEnabledAsync(string id, bool enabled, ArenaModels models, ILoggerFactory log,
        CancellationToken cancellationToken)
    {
        var action = enabled ? "enabled model" : "disabled model";
        var saved = await SaveAsync(() => models.SetEnabledAsync(id, enabled, cancellationToken), action, id, log);
        if (saved is null) return NotSaved();
        if (!saved.Value) return TypedResults.NotFound();
        Log.AdminAction(log.CreateLogger(LogCategory), action, id);
        return TypedResults.Ok(Describe(models).First(m => m.Id == id));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RemoveModelAsync(string id, ArenaModels models, ILoggerFactory log,
        CancellationToken cancellationToken)
    {
        var saved = await SaveAsync(() => models.RemoveAsync(id, cancellationToken), "removed model", id, log);
        switch (saved)
        {
            case null: return NotSaved();
            case RemoveOutcome.NotFound: return TypedResults.NotFound();
            case RemoveOutcome.Configured:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Model '{id}' comes from the config; disable it instead.");
            default:
                Log.AdminAction(log.CreateLogger(LogCategory), "removed model", id);
                return TypedResults.NoContent();
        }
    }

    /// <summary>Runs a roster change; null when the store failed (the roster is unchanged then).</summary>
    private static async Task<T?> SaveAsync<T>(Func<Task<T>> change, string action, string target, ILoggerFactory log)
        where T : struct
    {
        try
        {
            return await change();
        }
#pragma warning disable CA1031 // Any store failure (SQLite, PostgreSQL, I/O) becomes one 503; the details go to the log, not the client.
        catch (Exception ex) when (ex is not (OperationCanceledException or ProviderConfigurationException))
#pragma warning restore CA1031
        {
            Log.AdminChangeNotSaved(log.CreateLogger(LogCategory), ex, action, target);
            return null;
        }
    }

    private static ProblemHttpResult NotSaved() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The change could not be saved; nothing was changed.");

    /// <summary>
    /// Stored battles as a download, written by the engine's <see cref="BattleExporter"/>: what <c>arbiter arena export</c>
    /// writes with the same <c>format</c> and filters (FastChat records with Arbiter's ids, style features, signals, voids and,
    /// when stored, conversations), so a re-import is idempotent. 400 names a bad <c>format</c>.
    /// </summary>
    private static Results<PushStreamHttpResult, ProblemHttpResult> Export(IBattleStore store, string? format, string? language, string? category,
        bool? anonymousOnly, bool? excludeTies, string? judge, CancellationToken cancellationToken)
    {
        if (BattleExporter.ParseFormat(format) is not { } chosen)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: $"format must be one of {string.Join(", ", BattleExporter.FormatNames)}.");
        }

        var filter = new BattleFilter(Blank(language), Blank(category), anonymousOnly ?? false, excludeTies ?? false, Blank(judge));
        var (type, name) = chosen == BattleExportFormat.FastChatJson ? ("application/json", "arbiter-battles.json") : ("application/x-ndjson", "arbiter-battles.jsonl");
        return TypedResults.Stream(
            stream => BattleExporter.WriteAsync(store.ReadBattlesAsync(filter, cancellationToken), stream, chosen, cancellationToken),
            type + "; charset=utf-8", name);
    }

    private static async Task<Ok<DeletedCount>> DeletePendingAsync(ArenaService arena, ILoggerFactory log, CancellationToken cancellationToken)
    {
        var n = await arena.ClearPendingAsync(cancellationToken);
        Log.AdminAction(log.CreateLogger(LogCategory), "deleted pending battles", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Ok(new DeletedCount(n));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex("^[A-Z_][A-Z0-9_]{0,63}$")]
    private static partial Regex EnvironmentVariableName();
}

/// <summary>How many items a delete removed.</summary>
public sealed record DeletedCount(int Deleted);
