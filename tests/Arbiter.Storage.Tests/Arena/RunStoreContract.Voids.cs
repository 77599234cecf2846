using Arbiter.Core.Arena;

namespace Arbiter.Storage.Tests;

/// <summary>Listing and undoing operator voids, for both dialects.</summary>
public abstract partial class RunStoreContract
{
    [Fact]
    public async Task A_void_is_listed_and_undone_and_only_that_void()
    {
        var store = await OpenBattlesAsync();
        await using var _ = (IAsyncDisposable)store;
        var integrity = (IArenaIntegrityStore)store;
        await store.AddBattlesAsync([Battle("v1", "m1", "m2", "model_a") with { Judge = "web:bot" }, Battle("v2", "m1", "m2", "model_b") with { Judge = "web:bot" },
            Battle("w1", "m1", "m2", "model_b", ts: 5000)], Ct);
        await integrity.VoidBattlesAsync(new BattleVoid("bot farm", 1_800_000_000_000) { Judge = "web:bot" }, Ct);
        await integrity.VoidBattlesAsync(new BattleVoid("outage", 1_900_000_000_000) { ToMs = 6000 }, Ct);

        Assert.Equal([new VoidedGroup(1_900_000_000_000, "outage", 1), new VoidedGroup(1_800_000_000_000, "bot farm", 2)],
            await ToListAsync(integrity.ReadVoidsAsync(Ct)));

        Assert.Equal(0, await integrity.UndoVoidAsync(1_800_000_000_000, "outage", Ct));
        Assert.Equal(2, await integrity.UndoVoidAsync(1_800_000_000_000, "bot farm", Ct));

        Assert.Equal(["v1", "v2"], (await ToListAsync(store.ReadBattlesAsync(BattleFilter.Board, Ct))).Select(b => b.BattleId).Order());
        Assert.Equal([new VoidedGroup(1_900_000_000_000, "outage", 1)], await ToListAsync(integrity.ReadVoidsAsync(Ct)));
    }
}
