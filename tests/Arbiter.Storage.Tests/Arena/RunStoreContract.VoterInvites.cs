using Arbiter.Core.Arena;

namespace Arbiter.Storage.Tests;

/// <summary>The voter sign-in half of the store contract (<see cref="IVoterInviteStore"/>), for both dialects.</summary>
public abstract partial class RunStoreContract
{
    [Fact]
    public async Task A_voter_link_is_found_by_hash_from_another_connection_and_revoked_once_for_every_node()
    {
        await using var nodeA = await OpenMigratedAsync();
        await using var nodeB = await OpenMigratedAsync();
        var (a, b) = ((IVoterInviteStore)nodeA, (IVoterInviteStore)nodeB);
        var anna = new VoterInvite("Анна 李", new string('a', 64), 5, null);
        Assert.True(await a.AddVoterInviteAsync(anna, Ct));
        Assert.False(await b.AddVoterInviteAsync(anna with { TokenHash = new string('b', 64) }, Ct)); // active: left alone
        Assert.True(await a.AddVoterInviteAsync(new VoterInvite("boris", new string('c', 64), 6, null), Ct));

        Assert.Equal(anna, await b.FindVoterInviteAsync(anna.TokenHash, Ct));
        Assert.Null(await b.FindVoterInviteAsync(new string('b', 64), Ct));
        Assert.True(await b.RevokeVoterInviteAsync("Анна 李", 9, Ct));
        Assert.False(await a.RevokeVoterInviteAsync("Анна 李", 10, Ct));
        Assert.False(await a.RevokeVoterInviteAsync("nobody", 10, Ct));
        Assert.Equal(9, (await a.FindVoterInviteAsync(anna.TokenHash, Ct))!.RevokedAtMs);
        Assert.Equal(["boris", "Анна 李"], (await ToListAsync(a.ReadVoterInvitesAsync(Ct))).Select(i => i.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_new_link_for_a_revoked_voter_replaces_the_old_token_and_keeps_the_name()
    {
        await using var store = await OpenMigratedAsync();
        var invites = (IVoterInviteStore)store;
        await invites.AddVoterInviteAsync(new VoterInvite("anna", new string('a', 64), 5, null), Ct);
        await invites.RevokeVoterInviteAsync("anna", 9, Ct);

        var again = new VoterInvite("anna", new string('d', 64), 12, null);
        Assert.True(await invites.AddVoterInviteAsync(again, Ct));
        Assert.Null(await invites.FindVoterInviteAsync(new string('a', 64), Ct));
        Assert.Equal(again, await invites.FindVoterInviteAsync(again.TokenHash, Ct));
        Assert.Equal([again], await ToListAsync(invites.ReadVoterInvitesAsync(Ct)));
    }
}
