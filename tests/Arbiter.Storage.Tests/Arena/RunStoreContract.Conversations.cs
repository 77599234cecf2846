using Arbiter.Core.Arena;

namespace Arbiter.Storage.Tests;

/// <summary>Shared battles and the conversation retention purge (<see cref="IArenaConversationStore"/>), for both dialects.</summary>
public abstract partial class RunStoreContract
{
    private const string TextA = "[{\"Role\":\"user\",\"Content\":\"hi\"},{\"Role\":\"assistant\",\"Content\":\"hello\"}]";
    private const string TextB = "[{\"Role\":\"user\",\"Content\":\"hi\"},{\"Role\":\"assistant\",\"Content\":\"hey\"}]";

    [Fact]
    public async Task A_shared_battle_reads_back_by_its_id_only()
    {
        var store = await OpenBattlesAsync();
        await using var _ = (IAsyncDisposable)store;
        var shares = (IArenaConversationStore)store;
        var share = new SharedBattle("0123456789abcdef0123456789abcdef", "b1", "m1", "m2", "tie", 1_000) { Language = "ru", ConversationA = TextA, ConversationB = TextB };

        Assert.True(await shares.AddSharedBattleAsync(share, Ct));
        Assert.False(await shares.AddSharedBattleAsync(share with { Winner = "model_a" }, Ct));

        Assert.Equal(share, await shares.FindSharedBattleAsync(share.ShareId, Ct));
        Assert.Null(await shares.FindSharedBattleAsync("b1", Ct));
    }

    [Fact]
    public async Task Retention_replaces_old_text_by_its_hash_and_keeps_the_votes()
    {
        var store = await OpenBattlesAsync();
        await using var _ = (IAsyncDisposable)store;
        var conversations = (IArenaConversationStore)store;
        var integrity = (IArenaIntegrityStore)store;
        await store.AddBattlesAsync([
            Battle("old", "m1", "m2", "model_a", ts: 1000) with { ConversationA = TextA, ConversationB = TextB },
            Battle("hashed", "m1", "m2", "model_a", ts: 1000) with { ConversationA = "sha256:aa", ConversationB = "sha256:bb" },
            Battle("new", "m1", "m2", "model_b", ts: 5000) with { ConversationA = TextA, ConversationB = TextB }], Ct);
        await conversations.AddSharedBattleAsync(new SharedBattle("s-old", "old", "m1", "m2", "model_a", 1000) { ConversationA = TextA, ConversationB = TextB }, Ct);
        await conversations.AddSharedBattleAsync(new SharedBattle("s-new", "new", "m1", "m2", "model_b", 5000) { ConversationA = TextA, ConversationB = TextB }, Ct);
        await integrity.AddBlockedPromptAsync(new BlockedPrompt("p-old", 1000, "web:x", "blocklist: x", "secret words", 12), Ct);
        await integrity.AddBlockedPromptAsync(new BlockedPrompt("p-new", 5000, "web:x", "blocklist: x", "recent words", 12), Ct);

        var purge = await conversations.PurgeConversationsAsync(3000, Ct);

        Assert.Equal(new ConversationPurge(1, 1, 1), purge);
        var battles = (await ToListAsync(store.ReadBattlesAsync(null, Ct))).ToDictionary(b => b.BattleId);
        Assert.Equal(3, battles.Count);
        // The same hash the arena stores when text is not kept, so a purged row looks like a hash-only row.
        Assert.Equal((ConversationHash.Of(TextA), ConversationHash.Of(TextB)), (battles["old"].ConversationA, battles["old"].ConversationB));
        Assert.Equal("sha256:aa", battles["hashed"].ConversationA);
        Assert.Equal(TextA, battles["new"].ConversationA);
        Assert.Null(await conversations.FindSharedBattleAsync("s-old", Ct));
        Assert.NotNull(await conversations.FindSharedBattleAsync("s-new", Ct));
        var excerpts = (await ToListAsync(integrity.ReadBlockedPromptsAsync(10, Ct))).ToDictionary(p => p.Id, p => p.Excerpt);
        Assert.Equal(("(purged)", "recent words"), (excerpts["p-old"], excerpts["p-new"]));
        Assert.Equal(0, (await conversations.PurgeConversationsAsync(3000, Ct)).Total);
    }
}
