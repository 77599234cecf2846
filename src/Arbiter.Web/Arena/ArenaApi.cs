using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Arbiter.Web.Hosting;
using Arbiter.Web.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Arbiter.Web.Arena;

/// <summary>The arena's JSON and SSE endpoints under <c>/api/arena</c>.</summary>
public static class ArenaApi
{
    /// <summary>Maps start, follow-up, stream, state, vote, stop, regenerate, share and random-prompt endpoints.</summary>
    public static RouteGroupBuilder MapArenaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/arena");
        api.MapPost("/battles", StartAsync).AddEndpointFilter(Security.RequireAntiforgeryAsync).AddEndpointFilter(SharedRateLimits.BattlesAsync);
        api.MapPost("/battles/{id}/turns", FollowUpAsync).AddEndpointFilter(Security.RequireAntiforgeryAsync).AddEndpointFilter(SharedRateLimits.BattlesAsync);
        api.MapGet("/battles/{id}/stream", StreamAsync);
        api.MapPost("/votes", VoteAsync).AddEndpointFilter(Security.RequireAntiforgeryAsync).AddEndpointFilter(SharedRateLimits.VotesAsync);
        api.MapPost("/battles/{id}/stop", StopAsync).AddEndpointFilter(Security.RequireAntiforgeryAsync);
        api.MapPost("/battles/{id}/regenerate", RegenerateAsync).AddEndpointFilter(Security.RequireAntiforgeryAsync).AddEndpointFilter(SharedRateLimits.BattlesAsync);
        api.MapPost("/battles/{id}/state", StateAsync).AddEndpointFilter(Security.RequireAntiforgeryAsync);
        api.MapPost("/battles/{id}/share", ShareAsync).AddEndpointFilter(Security.RequireAntiforgeryAsync).AddEndpointFilter(SharedRateLimits.VotesAsync);
        api.MapGet("/prompts/random", RandomPrompt);
        ArenaNotice.Map(api);
        return api;
    }

    private static async Task<Results<Ok<BattleTicket>, ProblemHttpResult>> StartAsync(StartBattleRequest request, HttpContext context, ArenaService arena,
        ArenaModeration moderation, VoterIdentity voters, IOptions<ArbiterWebOptions> options, CancellationToken cancellationToken)
    {
        if (CheckPrompt(request.Prompt, options.Value) is { } problem) return problem;
        var (voter, refused) = await VoterAsync(context, voters, cancellationToken);
        if (refused is not null) return refused;
        if (await moderation.RefuseAsync(request.Prompt!.Trim(), voter, cancellationToken) is not null) return Blocked(context);
        var ticket = await arena.StartAsync(request.Prompt!.Trim(), request.Category, voter, cancellationToken);
        return ticket is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Fewer than two models are enabled.")
            : TypedResults.Ok(ticket);
    }

    private static async Task<Results<Ok<BattleTicket>, ProblemHttpResult>> FollowUpAsync(string id, FollowUpRequest request, HttpContext context, ArenaService arena,
        ArenaModeration moderation, VoterIdentity voters, IOptions<ArbiterWebOptions> options, CancellationToken cancellationToken)
    {
        if (CheckPrompt(request.Prompt, options.Value) is { } problem) return problem;
        var (voter, refused) = await VoterAsync(context, voters, cancellationToken);
        if (refused is not null) return refused;
        if (await moderation.RefuseAsync(request.Prompt!.Trim(), voter, cancellationToken) is not null) return Blocked(context);
        var (ticket, busy) = await arena.FollowUpAsync(id, request.Token, request.Prompt!.Trim(), cancellationToken);
        return ticket is not null ? TypedResults.Ok(ticket)
            : busy ? Busy(context, "arena.busy")
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This battle cannot take a follow-up now.");
    }

    /// <summary>
    /// Streams both answers as server-sent events; 404 when there is no pending turn to stream, 409 with Retry-After
    /// when another node is answering it (only that node can stream it).
    /// </summary>
    private static async Task StreamAsync(string id, HttpContext context, ArenaService arena, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var started = false;
        var outcome = await arena.StreamAsync(id, async e =>
        {
            if (!started)
            {
                started = true;
                response.ContentType = "text/event-stream; charset=utf-8";
                response.Headers.CacheControl = "no-cache, no-store";
                response.Headers["X-Accel-Buffering"] = "no";
            }

            var payload = $"event: {e.Name}\ndata: {JsonSerializer.Serialize(e.Data)}\n\n";
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(payload), cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }, cancellationToken);
        if (outcome == StreamOutcome.Elsewhere) await Busy(context, "arena.elsewhere").ExecuteAsync(context);
        else if (outcome == StreamOutcome.NothingPending) response.StatusCode = StatusCodes.Status404NotFound;
    }

    private static async Task<Results<Ok<VoteReceipt>, ProblemHttpResult>> VoteAsync(VoteRequest request, HttpContext context, ArenaService arena, VoterIdentity voters,
        ArenaNotice notice, CancellationToken cancellationToken)
    {
        if (!notice.Accepted(context)) return Problem(StatusCodes.Status428PreconditionRequired, UiText.For(UiLanguage.Of(context))["arena.notice.required"]);
        var (voter, refused) = await VoterAsync(context, voters, cancellationToken);
        if (refused is not null) return refused;
        // The address is the rate limiter's (forwarded headers only from trusted proxies), so both limits see the same client.
        var (receipt, failure) = await arena.VoteAsync(request.Token, request.Winner, voter, Security.ClientKey(context), cancellationToken);
        return failure switch
        {
            VoteFailure.None => TypedResults.Ok(receipt!),
            VoteFailure.BadWinner => Problem(StatusCodes.Status400BadRequest, "Winner must be model_a, model_b, tie or tie (bothbad)."),
            VoteFailure.Forged => Problem(StatusCodes.Status403Forbidden, "Invalid battle token."),
            VoteFailure.Expired => Problem(StatusCodes.Status410Gone, "This battle has expired."),
            VoteFailure.Replayed => Problem(StatusCodes.Status409Conflict, "This battle has already been voted on."),
            VoteFailure.UnknownBattle => Problem(StatusCodes.Status404NotFound, "No such battle."),
            VoteFailure.Limited => Problem(StatusCodes.Status429TooManyRequests, UiText.For(UiLanguage.Of(context))["arena.limited"]),
            _ => Problem(StatusCodes.Status409Conflict, "The answers are not complete."),
        };
    }

    /// <summary>
    /// Cancels the answers being streamed (the model calls stop server-side): 204 when this node was answering, 202 when
    /// another node is and was asked to stop (its stream then ends with "stopped"); 409 when nothing is streaming.
    /// </summary>
    private static async Task<Results<NoContent, Accepted, ProblemHttpResult>> StopAsync(string id, BattleActionRequest request, ArenaService arena,
        CancellationToken cancellationToken) =>
        await arena.StopAsync(id, request.Token, cancellationToken) switch
        {
            StopOutcome.Stopped => TypedResults.NoContent(),
            StopOutcome.Requested => TypedResults.Accepted((string?)null),
            _ => Problem(StatusCodes.Status409Conflict, "Nothing is being answered in this battle."),
        };

    /// <summary>Asks both models the last prompt again; only before the vote, once the turn has finished, failed or been stopped.</summary>
    private static async Task<Results<Ok<BattleTicket>, ProblemHttpResult>> RegenerateAsync(string id, BattleActionRequest request, HttpContext context,
        ArenaService arena, CancellationToken cancellationToken)
    {
        var (ticket, busy) = await arena.RegenerateAsync(id, request.Token, cancellationToken);
        return ticket is not null ? TypedResults.Ok(ticket)
            : busy ? Busy(context, "arena.busy")
            : Problem(StatusCodes.Status409Conflict, "This battle cannot be regenerated now (it is being answered, or already voted on).");
    }

    /// <summary>
    /// The battle's stage and latest answers for its token holder, without the models' names: the page loads a turn from
    /// here when another node answered it (its stream could be read only there).
    /// </summary>
    private static async Task<Results<Ok<BattleView>, ProblemHttpResult>> StateAsync(string id, BattleActionRequest request, BattleViews views,
        CancellationToken cancellationToken)
    {
        var (view, badToken) = await views.ViewAsync(id, request.Token, cancellationToken);
        return view is not null ? TypedResults.Ok(view)
            : badToken ? Problem(StatusCodes.Status403Forbidden, "Invalid battle token.")
            : Problem(StatusCodes.Status404NotFound, "No such battle.");
    }

    /// <summary>Publishes a voted battle at an unguessable link (409 before the vote: nothing is revealed yet).</summary>
    private static async Task<Results<Ok<ShareLink>, ProblemHttpResult>> ShareAsync(string id, BattleActionRequest request, BattleShares shares,
        CancellationToken cancellationToken)
    {
        var (shareId, failure) = await shares.ShareAsync(id, request.Token, cancellationToken);
        return failure switch
        {
            ShareFailure.None when shareId is not null => TypedResults.Ok(new ShareLink(shareId, "/arena/shared/" + shareId)),
            ShareFailure.BadToken => Problem(StatusCodes.Status403Forbidden, "Invalid battle token."),
            ShareFailure.UnknownBattle => Problem(StatusCodes.Status404NotFound, "No such battle."),
            _ => Problem(StatusCodes.Status409Conflict, "A battle can be shared only after the vote."),
        };
    }

    private static Ok<PoolPrompt> RandomPrompt(WebState web, string? lang)
    {
        var prompts = web.Prompts;
        var inLanguage = prompts.Where(p => p.Language == lang).ToList();
        var from = inLanguage.Count > 0 ? inLanguage : prompts;
        return TypedResults.Ok(from[Random.Shared.Next(from.Count)]);
    }

    private static ProblemHttpResult? CheckPrompt(string? prompt, ArbiterWebOptions options) =>
        string.IsNullOrWhiteSpace(prompt) ? Problem(StatusCodes.Status400BadRequest, "The prompt is empty.")
        : prompt.Length > options.MaxPromptChars ? Problem(StatusCodes.Status400BadRequest, $"The prompt is longer than {options.MaxPromptChars} characters.")
        : null;

    /// <summary>The request's voter id; with sign-in required and none given, a 401 in the voter's language instead.</summary>
    private static async Task<(string Voter, ProblemHttpResult? Refused)> VoterAsync(HttpContext context, VoterIdentity voters, CancellationToken cancellationToken)
    {
        if (voters.Mode == VoterSignInMode.Required && await voters.SignedInAsync(context, cancellationToken) is null)
        {
            return ("", Problem(StatusCodes.Status401Unauthorized, UiText.For(UiLanguage.Of(context))["arena.signin.required"]));
        }

        return ((await voters.ResolveAsync(context, cancellationToken)).VoterId, null);
    }

    private static ProblemHttpResult Problem(int status, string title) => TypedResults.Problem(statusCode: status, title: title);

    /// <summary>
    /// 409 in the voter's language with Retry-After: a turn is still being answered (perhaps on another node behind the
    /// load balancer), so the same request is worth sending again once it is.
    /// </summary>
    private static ProblemHttpResult Busy(HttpContext context, string key)
    {
        context.Response.Headers.RetryAfter = BusyRetrySeconds;
        return Problem(StatusCodes.Status409Conflict, UiText.For(UiLanguage.Of(context))[key]);
    }

    private const string BusyRetrySeconds = "2";

    /// <summary>422 with the voter's language's explanation; which rule matched stays in the operator's log.</summary>
    private static ProblemHttpResult Blocked(HttpContext context) =>
        Problem(StatusCodes.Status422UnprocessableEntity, UiText.For(UiLanguage.Of(context))["arena.blocked"]);
}
