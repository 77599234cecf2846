using Arbiter.Core.Arena;
using Arbiter.Engine.Arena.Integrity;

namespace Arbiter.Engine.Tests.Arena.Integrity;

public sealed class VoterSignInTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_link_signs_in_until_revoked_and_the_store_holds_only_the_tokens_hash()
    {
        var store = new MemoryInvites();
        var signIn = new VoterSignIn(store, Secret, TimeProvider.System);
        var (token, problem) = await signIn.InviteAsync("  Анна  ", Ct);
        Assert.Null(problem);
        var stored = Assert.Single(store.All);
        Assert.Equal("Анна", stored.Name);
        Assert.NotEqual(token, stored.TokenHash);
        Assert.DoesNotContain(token!, stored.TokenHash, StringComparison.Ordinal);

        var anna = await signIn.OpenAsync(token, Ct);
        Assert.Equal(("Анна", "invite", "invite:Анна"), (anna!.Name, anna.Via, anna.Identity));
        Assert.Null(await signIn.OpenAsync(token + "x", Ct));
        Assert.NotNull((await signIn.InviteAsync("Анна", Ct)).Problem);

        Assert.True(await signIn.RevokeAsync("Анна", Ct));
        Assert.Null(await signIn.OpenAsync(token, Ct));
        var (again, _) = await signIn.InviteAsync("Анна", Ct);
        Assert.Equal(anna.VoterId, (await signIn.OpenAsync(again, Ct))!.VoterId);
    }

    [Fact]
    public void Ids_are_keyed_hashes_that_tell_links_from_proxy_users_and_differ_per_secret()
    {
        var signIn = new VoterSignIn(new MemoryInvites(), Secret, TimeProvider.System);
        var viaProxy = signIn.FromProxy("alice")!;
        Assert.Matches("^user:[0-9a-f]{32}$", viaProxy.VoterId);
        Assert.Equal(viaProxy, signIn.Parse("proxy:alice"));
        Assert.NotEqual(viaProxy.VoterId, signIn.Parse("invite:alice")!.VoterId);
        Assert.NotEqual(viaProxy.VoterId, new VoterSignIn(new MemoryInvites(), [.. Secret.Reverse()], TimeProvider.System).FromProxy("alice")!.VoterId);

        Assert.Null(signIn.FromProxy(""));
        Assert.Null(signIn.FromProxy("bad\nname"));
        Assert.Null(signIn.FromProxy(new string('a', VoterSignIn.MaxName + 1)));
        Assert.Null(signIn.Parse("web:alice"));
        Assert.Null(signIn.Parse("alice"));
    }

    private sealed class MemoryInvites : IVoterInviteStore
    {
        private readonly Dictionary<string, VoterInvite> _byName = new(StringComparer.Ordinal);

        public IReadOnlyList<VoterInvite> All => [.. _byName.Values];

        public Task<bool> AddVoterInviteAsync(VoterInvite invite, CancellationToken cancellationToken = default)
        {
            if (_byName.TryGetValue(invite.Name, out var old) && old.RevokedAtMs is null) return Task.FromResult(false);
            _byName[invite.Name] = invite;
            return Task.FromResult(true);
        }

        public Task<bool> RevokeVoterInviteAsync(string name, long atMs, CancellationToken cancellationToken = default)
        {
            if (!_byName.TryGetValue(name, out var old) || old.RevokedAtMs is not null) return Task.FromResult(false);
            _byName[name] = old with { RevokedAtMs = atMs };
            return Task.FromResult(true);
        }

        public IAsyncEnumerable<VoterInvite> ReadVoterInvitesAsync(CancellationToken cancellationToken = default) => _byName.Values.ToAsyncEnumerable();

        public Task<VoterInvite?> FindVoterInviteAsync(string tokenHash, CancellationToken cancellationToken = default) =>
            Task.FromResult(_byName.Values.FirstOrDefault(i => i.TokenHash == tokenHash));
    }
}
