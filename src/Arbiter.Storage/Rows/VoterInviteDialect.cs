using System.Data.Common;
using Arbiter.Core.Arena;

namespace Arbiter.Storage.Rows;

/// <summary>
/// <see cref="IVoterInviteStore"/> written once for both stores over the statement runner the labelling tables
/// already use (voter links are designed like labeller invites; the SQL is the same in both dialects).
/// </summary>
internal interface IVoterInviteDialect : IVoterInviteStore, ILabellingDialect
{
    async Task<bool> IVoterInviteStore.AddVoterInviteAsync(VoterInvite invite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invite);
        return (await WriteLabellingAsync("add voter invite", [(StoredVoterInvites.Insert, StoredVoterInvites.Parameters(invite))], cancellationToken))[0] > 0;
    }

    async Task<bool> IVoterInviteStore.RevokeVoterInviteAsync(string name, long atMs, CancellationToken cancellationToken) =>
        (await WriteLabellingAsync("revoke voter invite", [(StoredVoterInvites.Revoke, [("@name", name), ("@at", atMs)])], cancellationToken))[0] > 0;

    IAsyncEnumerable<VoterInvite> IVoterInviteStore.ReadVoterInvitesAsync(CancellationToken cancellationToken) =>
        QueryLabellingAsync("read voter invites", StoredVoterInvites.ReadAll, [], StoredVoterInvites.Read, cancellationToken);

    async Task<VoterInvite?> IVoterInviteStore.FindVoterInviteAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await foreach (var invite in QueryLabellingAsync("find voter invite", StoredVoterInvites.Find, [("@hash", tokenHash)], StoredVoterInvites.Read, cancellationToken))
        {
            return invite;
        }

        return null;
    }
}

/// <summary>Statements of <c>voter_invites</c>.</summary>
internal static class StoredVoterInvites
{
    // A revoked name takes the new link in place (same voter, same hashed id); an active one is left alone (0 rows).
    public const string Insert =
        "INSERT INTO voter_invites (name, token_hash, created_at_ms, revoked_at_ms) VALUES (@name, @hash, @at, NULL) " +
        "ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, created_at_ms = excluded.created_at_ms, revoked_at_ms = NULL " +
        "WHERE voter_invites.revoked_at_ms IS NOT NULL";

    public const string Revoke = "UPDATE voter_invites SET revoked_at_ms = @at WHERE name = @name AND revoked_at_ms IS NULL";

    public const string ReadAll = "SELECT name, token_hash, created_at_ms, revoked_at_ms FROM voter_invites ORDER BY name";

    public const string Find = "SELECT name, token_hash, created_at_ms, revoked_at_ms FROM voter_invites WHERE token_hash = @hash";

    public static (string Name, object Value)[] Parameters(VoterInvite v) => [("@name", v.Name), ("@hash", v.TokenHash), ("@at", v.CreatedAtMs)];

    public static VoterInvite Read(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3));
}
