namespace Arbiter.Core.Arena;

/// <summary>
/// A voter's personal sign-in link for the arena. Only the SHA-256 of the token is stored; the token itself is
/// shown to the operator once, as a link, like a labeller's invite.
/// </summary>
/// <param name="Name">The voter's name as the operator gave it (unique; shown only on the admin page and to the voter).</param>
/// <param name="TokenHash">Lower-case hex SHA-256 of the invite token.</param>
/// <param name="CreatedAtMs">When the link was created, UTC unix ms.</param>
/// <param name="RevokedAtMs">When the operator revoked it, or null while it signs in.</param>
public sealed record VoterInvite(string Name, string TokenHash, long CreatedAtMs, long? RevokedAtMs);

/// <summary>Persistence of voter sign-in links, shared by every web node on one store (a revocation holds on all of them).</summary>
public interface IVoterInviteStore
{
    /// <summary>
    /// Stores an invite; false when the name has an active one. A revoked name gets the new link (the old token stays
    /// dead): the same voter, so the same hashed id, limits and voids.
    /// </summary>
    Task<bool> AddVoterInviteAsync(VoterInvite invite, CancellationToken cancellationToken = default);

    /// <summary>Revokes a voter's link (their votes stay); false when there is no such active invite.</summary>
    Task<bool> RevokeVoterInviteAsync(string name, long atMs, CancellationToken cancellationToken = default);

    /// <summary>All invites (revoked ones included), by name.</summary>
    IAsyncEnumerable<VoterInvite> ReadVoterInvitesAsync(CancellationToken cancellationToken = default);

    /// <summary>The invite with this token hash (revoked or not), or null.</summary>
    Task<VoterInvite?> FindVoterInviteAsync(string tokenHash, CancellationToken cancellationToken = default);
}
