using System.Security.Cryptography;
using Arbiter.Core.Arena;
using Arbiter.Engine.Labelling;

namespace Arbiter.Engine.Arena.Integrity;

/// <summary>A signed-in arena voter.</summary>
/// <param name="Name">The name the operator gave the link, or the user the trusted proxy vouched for.</param>
/// <param name="Via"><see cref="VoterSignIn.ViaInvite"/> or <see cref="VoterSignIn.ViaProxy"/>.</param>
/// <param name="VoterId">The id votes carry (<c>user:…</c>): a keyed hash of <paramref name="Via"/> and <paramref name="Name"/>, never the name itself.</param>
public sealed record SignedInVoter(string Name, string Via, string VoterId)
{
    /// <summary>The identity as the operator names it (<c>invite:anna</c>, <c>proxy:anna</c>).</summary>
    public string Identity => Via + ":" + Name;
}

/// <summary>
/// The arena's optional voter sign-in: personal links the operator creates and revokes (only the token's SHA-256 is
/// stored, as for labeller invites) and users a trusted reverse proxy vouches for. A signed-in voter's votes carry
/// <c>user:</c> plus an HMAC-SHA256 of the identity under a key derived from the operator's secret, so the per-voter
/// limit follows the person across cookies and addresses while the store, the export and the logs never hold the
/// name or the token. The same secret on every node gives the same id everywhere.
/// </summary>
public sealed class VoterSignIn
{
    /// <summary>The source of a personal link's identity.</summary>
    public const string ViaInvite = "invite";

    /// <summary>The source of a trusted proxy's identity.</summary>
    public const string ViaProxy = "proxy";

    /// <summary>The prefix of a signed-in voter's id.</summary>
    public const string VoterIdPrefix = "user:";

    /// <summary>Longest accepted name.</summary>
    public const int MaxName = 200;

    private readonly IVoterInviteStore _store;
    private readonly TimeProvider _time;
    private readonly KeyedHash _hash;

    /// <summary>Creates the sign-in over the shared store.</summary>
    /// <param name="store">Where the links' hashes are kept.</param>
    /// <param name="secret">The operator's secret (≥ 16 bytes), the same on every node.</param>
    /// <param name="time">The clock of creations and revocations.</param>
    public VoterSignIn(IVoterInviteStore store, byte[] secret, TimeProvider time)
    {
        _hash = new KeyedHash(secret, "arbiter voter sign-in");
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Creates a link for <paramref name="name"/>; the token exists nowhere else (show it once). Problem: why not.</summary>
    public async Task<(string? Token, string? Problem)> InviteAsync(string? name, CancellationToken cancellationToken = default)
    {
        if (Clean(name) is not { } clean) return (null, $"name: 1 to {MaxName} characters, no control characters");
        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var invite = new VoterInvite(clean, LabellingService.Hash(token), _time.GetUtcNow().ToUnixTimeMilliseconds(), null);
        return await _store.AddVoterInviteAsync(invite, cancellationToken).ConfigureAwait(false)
            ? (token, null)
            : (null, $"'{clean}' has an active link; revoke it first to issue a new one");
    }

    /// <summary>Revokes a voter's link on every node (their votes stay); false when there was no active link.</summary>
    public Task<bool> RevokeAsync(string name, CancellationToken cancellationToken = default) =>
        _store.RevokeVoterInviteAsync(name, _time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);

    /// <summary>Every link (revoked ones included), by name.</summary>
    public IAsyncEnumerable<VoterInvite> InvitesAsync(CancellationToken cancellationToken = default) => _store.ReadVoterInvitesAsync(cancellationToken);

    /// <summary>The voter a link's token signs in, or null when it is unknown or revoked.</summary>
    public async Task<SignedInVoter?> OpenAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var invite = await _store.FindVoterInviteAsync(LabellingService.Hash(token), cancellationToken).ConfigureAwait(false);
        return invite is null || invite.RevokedAtMs is not null ? null : Voter(ViaInvite, invite.Name);
    }

    /// <summary>The voter a trusted proxy names, or null when the value is empty or not a name.</summary>
    public SignedInVoter? FromProxy(string? user) => Clean(user) is { } name ? Voter(ViaProxy, name) : null;

    /// <summary>
    /// The voter an operator names as <c>invite:anna</c> or <c>proxy:anna</c> (to void their votes); null when
    /// <paramref name="identity"/> is not of that form.
    /// </summary>
    public SignedInVoter? Parse(string? identity)
    {
        var parts = identity?.Trim().Split(':', 2);
        if (parts is not [var via, var name] || (via != ViaInvite && via != ViaProxy)) return null;
        return Clean(name) is { } clean ? Voter(via, clean) : null;
    }

    private SignedInVoter Voter(string via, string name)
    {
        // Under the operator's key a name cannot be guessed back from its id.
        return new SignedInVoter(name, via, VoterIdPrefix + _hash.Hex(via + "\n" + name));
    }

    private static string? Clean(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxName || trimmed.Any(char.IsControl) ? null : trimmed;
    }
}
