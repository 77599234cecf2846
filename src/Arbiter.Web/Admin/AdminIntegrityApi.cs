using Arbiter.Core.Arena;
using Arbiter.Engine.Arena.Integrity;
using Arbiter.Web.Hosting;
using Arbiter.Web.Leaderboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Admin;

/// <summary>Body of <c>POST /api/admin/battles/void</c>: a voter, a UTC window, or both.</summary>
/// <param name="Voter">The voter id as stored on the battles (<c>web:…</c>).</param>
/// <param name="From">Start of the window (inclusive).</param>
/// <param name="To">End of the window (exclusive).</param>
/// <param name="Reason">Why; kept on each voided battle.</param>
/// <param name="SignedIn">A signed-in voter as <c>invite:name</c> or <c>proxy:name</c> (instead of <paramref name="Voter"/>): their hashed id is computed here.</param>
public sealed record VoidRequest(string? Voter, DateTimeOffset? From, DateTimeOffset? To, string? Reason, string? SignedIn = null);

/// <summary>How many battles a void covered.</summary>
public sealed record VoidedCount(int Voided);

/// <summary>Body of <c>POST /api/admin/battles/voids/undo</c>: the void as listed (its time and reason).</summary>
/// <param name="AtMs">When the operator voided, UTC unix ms.</param>
/// <param name="Reason">The void's reason, exactly as listed.</param>
public sealed record UndoVoidRequest(long AtMs, string? Reason);

/// <summary>How many battles an undone void gave back to the board.</summary>
public sealed record RestoredCount(int Restored);

/// <summary>Admin endpoints for vote integrity and moderation (under the admin key like the rest of <c>/api/admin</c>).</summary>
internal static class AdminIntegrityApi
{
    private const int MaxReason = 500;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/battles/void", VoidAsync);
        api.MapGet("/battles/voids", VoidsAsync);
        api.MapPost("/battles/voids/undo", UndoAsync);
        api.MapGet("/moderation/blocked", BlockedAsync);
        AdminVotersApi.Map(api);
    }

    /// <summary>Why the request cannot become a void, or null.</summary>
    internal static string? Validate(VoidRequest request)
    {
        var voter = request.Voter?.Trim();
        var signedIn = request.SignedIn?.Trim();
        if (!string.IsNullOrEmpty(voter) && !string.IsNullOrEmpty(signedIn)) return "Give a voter id or a signed-in voter, not both.";
        if (!string.IsNullOrEmpty(signedIn) && !(signedIn.StartsWith("invite:", StringComparison.Ordinal) || signedIn.StartsWith("proxy:", StringComparison.Ordinal)))
        {
            return "signedIn must be invite:name or proxy:name.";
        }

        if (string.IsNullOrEmpty(voter) && string.IsNullOrEmpty(signedIn) && request.From is null && request.To is null) return "Give a voter, a time window, or both.";
        if (voter is { Length: > 200 } || (voter is not null && voter.Any(char.IsControl))) return "voter is not a voter id.";
        if (request.From is { } f && request.To is { } t && f >= t) return "from must be before to.";
        if (request.Reason is { Length: > MaxReason }) return $"reason must be at most {MaxReason} characters.";
        return null;
    }

    private static async Task<Results<Ok<VoidedCount>, ProblemHttpResult>> VoidAsync(VoidRequest request, IArenaIntegrityStore store, LeaderboardService board,
        VoterSignIn signIn, TimeProvider time, ILoggerFactory log, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } invalid) return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: invalid);
        var judge = string.IsNullOrWhiteSpace(request.Voter) ? null : request.Voter.Trim();
        if (!string.IsNullOrWhiteSpace(request.SignedIn))
        {
            // The store holds only the keyed hash of a signed-in voter's name: the same hash the votes were cast with.
            if (signIn.Parse(request.SignedIn) is not { } who) return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "signedIn must be invite:name or proxy:name.");
            judge = who.VoterId;
        }

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "voided by the operator" : request.Reason.Trim();
        var selection = new BattleVoid(reason, time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            Judge = judge,
            FromMs = request.From?.ToUnixTimeMilliseconds(),
            ToMs = request.To?.ToUnixTimeMilliseconds(),
        };
        var n = await store.VoidBattlesAsync(selection, cancellationToken);
        // The board recomputes from the store on the next view, without the voided battles.
        board.Invalidate();
        Log.AdminAction(log.CreateLogger("Arbiter.Web.Admin"), "voided battles", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Ok(new VoidedCount(n));
    }

    private static async Task<Ok<List<VoidedGroup>>> VoidsAsync(IArenaIntegrityStore store, CancellationToken cancellationToken)
    {
        var list = new List<VoidedGroup>();
        await foreach (var v in store.ReadVoidsAsync(cancellationToken)) list.Add(v);
        return TypedResults.Ok(list);
    }

    /// <summary>Undoes one void; the board recomputes with its battles counted again. 404 when no battle carries that void.</summary>
    private static async Task<Results<Ok<RestoredCount>, ProblemHttpResult>> UndoAsync(UndoVoidRequest request, IArenaIntegrityStore store, LeaderboardService board,
        ILoggerFactory log, CancellationToken cancellationToken)
    {
        var n = await store.UndoVoidAsync(request.AtMs, request.Reason ?? "", cancellationToken);
        if (n == 0) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No battles carry that void (atMs and reason as listed).");
        board.Invalidate();
        Log.AdminAction(log.CreateLogger("Arbiter.Web.Admin"), "undid a void", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Ok(new RestoredCount(n));
    }

    private static async Task<Ok<List<BlockedPrompt>>> BlockedAsync(IArenaIntegrityStore store, int? limit, CancellationToken cancellationToken)
    {
        var list = new List<BlockedPrompt>();
        await foreach (var p in store.ReadBlockedPromptsAsync(Math.Clamp(limit ?? 100, 1, 1000), cancellationToken)) list.Add(p);
        return TypedResults.Ok(list);
    }
}
