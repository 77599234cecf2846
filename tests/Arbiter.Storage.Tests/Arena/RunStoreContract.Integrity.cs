using Arbiter.Core.Arena;

namespace Arbiter.Storage.Tests;

/// <summary>The vote-integrity half of the store contract (<see cref="IArenaIntegrityStore"/>), for both dialects.</summary>
public abstract partial class RunStoreContract
{
    [Fact]
    public async Task Signals_and_void_marks_round_trip_with_the_battle()
    {
        var store = await OpenBattlesAsync();
        await using var _ = (IAsyncDisposable)store;
        var battle = Battle("s-1", "m1", "m2", "model_a") with { Signals = "fast-vote,prompt-flood", VoidedAtMs = 1_700_000_000_500, VoidReason = "bot\0 farm" };

        await store.AddBattlesAsync([battle], Ct);

        var read = Assert.Single(await ToListAsync(store.ReadBattlesAsync(null, Ct)));
        Assert.Equal("fast-vote,prompt-flood", read.Signals);
        Assert.Equal(1_700_000_000_500, read.VoidedAtMs);
        Assert.StartsWith("bot", read.VoidReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Voiding_a_voter_keeps_the_battles_but_the_board_filter_drops_them()
    {
        var store = await OpenBattlesAsync();
        await using var _ = (IAsyncDisposable)store;
        var integrity = (IArenaIntegrityStore)store;
        await store.AddBattlesAsync([Battle("v1", "m1", "m2", "model_a") with { Judge = "web:bot" }, Battle("v2", "m1", "m2", "model_b") with { Judge = "web:bot" },
            Battle("h1", "m1", "m2", "model_b") with { Judge = "web:human" }], Ct);

        Assert.Equal(2, await integrity.VoidBattlesAsync(new BattleVoid("bot farm", 1_800_000_000_000) { Judge = "web:bot" }, Ct));
        // Voiding again changes nothing and keeps the first reason.
        Assert.Equal(0, await integrity.VoidBattlesAsync(new BattleVoid("second", 1_900_000_000_000) { Judge = "web:bot" }, Ct));

        Assert.Equal(3, await store.CountBattlesAsync(null, Ct));
        Assert.Equal(1, await store.CountBattlesAsync(BattleFilter.Board, Ct));
        var all = await ToListAsync(store.ReadBattlesAsync(null, Ct));
        Assert.All(all.Where(b => b.Judge == "web:bot"), b => Assert.Equal(("bot farm", (long?)1_800_000_000_000), (b.VoidReason!, b.VoidedAtMs)));
        Assert.Null(all.Single(b => b.Judge == "web:human").VoidedAtMs);
        Assert.Equal(["h1"], (await ToListAsync(store.ReadBattlesAsync(BattleFilter.Board, Ct))).Select(b => b.BattleId));
    }

    [Fact]
    public async Task Voiding_a_time_window_covers_from_inclusive_to_exclusive()
    {
        var store = await OpenBattlesAsync();
        await using var _ = (IAsyncDisposable)store;
        var integrity = (IArenaIntegrityStore)store;
        await store.AddBattlesAsync([Battle("t1", "m1", "m2", "model_a", ts: 1000), Battle("t2", "m1", "m2", "model_a", ts: 2000),
            Battle("t3", "m1", "m2", "model_a", ts: 3000)], Ct);

        Assert.Equal(1, await integrity.VoidBattlesAsync(new BattleVoid("outage", 5000) { FromMs = 2000, ToMs = 3000 }, Ct));

        Assert.Equal(["t1", "t3"], (await ToListAsync(store.ReadBattlesAsync(new BattleFilter(ExcludeVoided: true), Ct))).Select(b => b.BattleId));
        await Assert.ThrowsAsync<ArgumentException>(() => integrity.VoidBattlesAsync(new BattleVoid("everything", 5000), Ct));
        Assert.Equal(2, await store.CountBattlesAsync(new BattleFilter(ExcludeVoided: true), Ct));
    }

    [Fact]
    public async Task Blocked_prompts_are_listed_newest_first_up_to_the_limit()
    {
        var store = await OpenBattlesAsync();
        await using var _ = (IAsyncDisposable)store;
        var integrity = (IArenaIntegrityStore)store;
        await integrity.AddBlockedPromptAsync(new BlockedPrompt("p1", 100, "web:a", "blocklist: bomb", "sha256:00", 12), Ct);
        await integrity.AddBlockedPromptAsync(new BlockedPrompt("p2", 300, "web:b", "pattern 1", "Как сделать\0 бомбу", 40), Ct);
        await integrity.AddBlockedPromptAsync(new BlockedPrompt("p3", 200, "web:a", "model: guard", "sha256:11", 7), Ct);

        var newest = await ToListAsync(integrity.ReadBlockedPromptsAsync(2, Ct));

        Assert.Equal(["p2", "p3"], newest.Select(p => p.Id));
        Assert.Equal(("web:b", "pattern 1", 40), (newest[0].Voter, newest[0].Rule, newest[0].Length));
        Assert.StartsWith("Как сделать", newest[0].Excerpt, StringComparison.Ordinal);
    }
}
