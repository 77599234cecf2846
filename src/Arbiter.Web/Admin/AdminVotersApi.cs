using Arbiter.Engine.Arena.Integrity;
using Arbiter.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Admin;

/// <summary>Body of <c>POST /api/admin/voters</c> and <c>POST /api/admin/voters/revoke</c>: the voter's name.</summary>
public sealed record VoterLinkRequest(string? Name);

/// <summary>A voter's sign-in link as the admin lists it (never the token: only its hash is stored).</summary>
/// <param name="Name">The voter's name.</param>
/// <param name="Identity"><c>invite:name</c>, as the void form takes it.</param>
/// <param name="VoterId">The hashed id their votes carry (<c>judge</c> in the export).</param>
/// <param name="CreatedAtMs">When the current link was created, UTC unix ms.</param>
/// <param name="RevokedAtMs">When it was revoked, or null.</param>
public sealed record VoterLink(string Name, string Identity, string VoterId, long CreatedAtMs, long? RevokedAtMs);

/// <summary>A new link, shown once.</summary>
/// <param name="Name">The voter's name.</param>
/// <param name="Link">The personal sign-in link (the only place the token ever appears).</param>
/// <param name="VoterId">The hashed id their votes will carry.</param>
public sealed record VoterLinkCreated(string Name, string Link, string VoterId);

/// <summary>Voter sign-in links under <c>/api/admin/voters</c> (admin key required like the rest of <c>/api/admin</c>).</summary>
internal static class AdminVotersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/voters", ListAsync);
        api.MapPost("/voters", CreateAsync);
        // POST with the name in the body: a name may hold any character, a slash included.
        api.MapPost("/voters/revoke", RevokeAsync);
    }

    internal static async Task<List<VoterLink>> ListLinksAsync(VoterSignIn signIn, CancellationToken cancellationToken)
    {
        var list = new List<VoterLink>();
        await foreach (var i in signIn.InvitesAsync(cancellationToken))
        {
            var who = signIn.Parse(VoterSignIn.ViaInvite + ":" + i.Name)!;
            list.Add(new VoterLink(i.Name, who.Identity, who.VoterId, i.CreatedAtMs, i.RevokedAtMs));
        }

        return list;
    }

    private static async Task<Ok<List<VoterLink>>> ListAsync(VoterSignIn signIn, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ListLinksAsync(signIn, cancellationToken));

    private static async Task<Results<Created<VoterLinkCreated>, ProblemHttpResult>> CreateAsync(VoterLinkRequest request, HttpContext context, VoterSignIn signIn,
        ILoggerFactory log, CancellationToken cancellationToken)
    {
        var (token, problem) = await signIn.InviteAsync(request.Name, cancellationToken);
        if (token is null) return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: problem);
        var who = signIn.Parse(VoterSignIn.ViaInvite + ":" + request.Name)!;
        // The log names the hashed id only: the name is personal data and the token a secret.
        Log.AdminAction(log.CreateLogger("Arbiter.Web.Admin"), "created a voter sign-in link for", who.VoterId);
        var link = $"{context.Request.Scheme}://{context.Request.Host}/arena/signin/{token}";
        return TypedResults.Created("/api/admin/voters", new VoterLinkCreated(who.Name, link, who.VoterId));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(VoterLinkRequest request, VoterSignIn signIn, ILoggerFactory log, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim() ?? "";
        if (!await signIn.RevokeAsync(name, cancellationToken)) return TypedResults.NotFound();
        Log.AdminAction(log.CreateLogger("Arbiter.Web.Admin"), "revoked the voter sign-in link of", signIn.Parse(VoterSignIn.ViaInvite + ":" + name)?.VoterId ?? "?");
        return TypedResults.NoContent();
    }
}
