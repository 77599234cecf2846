using Arbiter.Core.Arena;

namespace Arbiter.Storage.Tests;

/// <summary>What web nodes share besides votes (<see cref="IWebNodeStateStore"/>): battles ready for a vote and per-minute request counts.</summary>
public abstract partial class RunStoreContract
{
    [Fact]
    public async Task A_battle_state_saved_through_one_connection_is_found_replaced_forgotten_and_pruned_through_another()
    {
        await using var nodeA = await OpenMigratedAsync();
        await using var nodeB = await OpenMigratedAsync();
        var (a, b) = ((IWebNodeStateStore)nodeA, (IWebNodeStateStore)nodeB);

        await a.SaveBattleStateAsync(new ArenaBattleState("s1", """{"turns":1}""", 1_000), Ct);
        await a.SaveBattleStateAsync(new ArenaBattleState("s2", """{"turns":1}""", 2_000), Ct);
        Assert.Equal(new ArenaBattleState("s1", """{"turns":1}""", 1_000), await b.FindBattleStateAsync("s1", Ct));

        await a.SaveBattleStateAsync(new ArenaBattleState("s1", """{"turns":2}""", 3_000), Ct); // the next turn answered
        Assert.Equal("""{"turns":2}""", (await b.FindBattleStateAsync("s1", Ct))!.StateJson);
        await b.DeleteBattleStateAsync("s1", Ct);
        Assert.Null(await a.FindBattleStateAsync("s1", Ct));

        Assert.Equal(1, await b.PruneWebNodeStateAsync(2_500, 0, Ct));
        Assert.Null(await a.FindBattleStateAsync("s2", Ct));
    }

    [Fact]
    public async Task Requests_counted_at_once_through_two_connections_each_get_their_own_count()
    {
        await using var nodeA = await OpenMigratedAsync();
        await using var nodeB = await OpenMigratedAsync();
        var stores = new[] { (IWebNodeStateStore)nodeA, (IWebNodeStateStore)nodeB };

        var counts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => stores[i % 2].CountRequestAsync("votes:c1", 60_000, Ct)));
        Assert.Equal(Enumerable.Range(1, 20), counts.Order());
        // Another window and another bucket start at one.
        Assert.Equal(1, await stores[0].CountRequestAsync("votes:c1", 120_000, Ct));
        Assert.Equal(1, await stores[1].CountRequestAsync("battles:c1", 60_000, Ct));

        Assert.Equal(2, await stores[1].PruneWebNodeStateAsync(0, 120_000, Ct));
        Assert.Equal(2, await stores[0].CountRequestAsync("votes:c1", 120_000, Ct));
        Assert.Equal(1, await stores[0].CountRequestAsync("votes:c1", 60_000, Ct));
    }

    [Fact]
    public async Task Of_two_connections_replacing_the_same_version_of_a_battle_state_one_wins_and_a_stop_reaches_only_that_version()
    {
        await using var nodeA = await OpenMigratedAsync();
        await using var nodeB = await OpenMigratedAsync();
        var (a, b) = ((IWebNodeStateStore)nodeA, (IWebNodeStateStore)nodeB);
        await a.SaveBattleStateAsync(new ArenaBattleState("s1", """{"turns":1}""", 1_000) { Stage = "ready", Version = 3 }, Ct);

        var next = new ArenaBattleState("s1", """{"turns":1,"pending":true}""", 2_000) { Stage = "pending", Version = 4 };
        var wins = await Task.WhenAll(a.ReplaceBattleStateAsync(next, 3, Ct), b.ReplaceBattleStateAsync(next with { StateJson = "{}" }, 3, Ct));
        Assert.Single(wins, w => w);
        var found = (await a.FindBattleStateAsync("s1", Ct))!;
        Assert.Equal(("pending", 4L, false), (found.Stage, found.Version, found.StopRequested));

        Assert.False(await b.RequestBattleStopAsync("s1", 3, Ct)); // an earlier turn's stop
        Assert.True(await b.RequestBattleStopAsync("s1", 4, Ct));
        Assert.True((await a.FindBattleStateAsync("s1", Ct))!.StopRequested);
        Assert.True(await a.ReplaceBattleStateAsync(next with { Stage = "stopped", Version = 5 }, 4, Ct));
        Assert.False((await b.FindBattleStateAsync("s1", Ct))!.StopRequested); // the next version starts unstopped
        Assert.False(await b.ReplaceBattleStateAsync(next with { Version = 9 }, 4, Ct));
        Assert.False(await b.ReplaceBattleStateAsync(next with { BattleId = "gone", Version = 1 }, 0, Ct));
    }
}
