using Arbiter.Core.Arena;

namespace Arbiter.Storage.Tests;

/// <summary>The battle half of the store contract (<see cref="IBattleStore"/>), for both dialects.</summary>
public abstract partial class RunStoreContract
{
    private static ArenaBattle Battle(string id, string a, string b, string winner, long ts = 1_700_000_000_000) =>
        new(id, a, b, winner) { TimestampMs = ts, Language = "English", Category = "coding", Anonymous = true, Judge = "voter-1" };

    private async Task<IBattleStore> OpenBattlesAsync() => (IBattleStore)await OpenMigratedAsync();

    [Fact]
    public async Task Battles_round_trip_with_every_field()
    {
        var store = await OpenBattlesAsync();
        await using var _ = (IAsyncDisposable)store;
        var full = new ArenaBattle("b-1", "gpt-4o", "claude", BattleWinner.TieBothBad)
        {
            Judge = "judge-model",
            QuestionId = "q17",
            Language = "Russian",
            Category = "math",
            Turn = 3,
            Anonymous = true,
            Flagged = true,
            TimestampMs = 1_712_345_678_901,
            ConversationA = """[{"role":"user","content":"Привет \u0000"}]""",
            ConversationB = "sha256:abc",
            StyleA = new AnswerStyle(512, 2, 7, 3),
            StyleB = new AnswerStyle(80, 0, 0, 0),
        };
        var bare = new ArenaBattle("b-2", "x", "y", BattleWinner.ModelA);

        Assert.Equal(2, await store.AddBattlesAsync([full, bare], Ct));

        var read = await ToListAsync(store.ReadBattlesAsync(null, Ct));
        Assert.Equal([bare, full with { ConversationA = read[1].ConversationA }], read);
        Assert.StartsWith("""[{"role":"user","content":"Привет""", read[1].ConversationA, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_battles_again_is_idempotent_by_id()
    {
        var store = await OpenBattlesAsync();
        await using var _ = (IAsyncDisposable)store;
        ArenaBattle[] batch = [Battle("a", "m1", "m2", "model_a"), Battle("b", "m1", "m2", "model_a")];

        Assert.Equal(2, await store.AddBattlesAsync(batch, Ct));
        Assert.Equal(1, await store.AddBattlesAsync([.. batch, Battle("c", "m2", "m3", "tie")], Ct));
        Assert.Equal(0, await store.AddBattlesAsync([], Ct));

        Assert.Equal(3, await store.CountBattlesAsync(null, Ct));
    }

    [Fact]
    public async Task Battles_are_read_in_timestamp_then_id_order()
    {
        var store = await OpenBattlesAsync();
        await using var _ = (IAsyncDisposable)store;
        await store.AddBattlesAsync([Battle("z", "m1", "m2", "model_a", 5), Battle("b", "m1", "m2", "model_a", 9), Battle("a", "m1", "m2", "model_b", 9)], Ct);

        var ids = (await ToListAsync(store.ReadBattlesAsync(null, Ct))).Select(b => b.BattleId);

        Assert.Equal(["z", "a", "b"], ids);
    }

    [Fact]
    public async Task Filters_select_language_category_anonymous_ties_and_judge()
    {
        var store = await OpenBattlesAsync();
        await using var _ = (IAsyncDisposable)store;
        ArenaBattle[] all =
        [
            Battle("1", "m1", "m2", "model_a"),
            Battle("2", "m1", "m2", "tie") with { Language = "russian" },
            Battle("3", "m1", "m2", "tie (bothbad)") with { Category = "math" },
            Battle("4", "m1", "m2", "model_b") with { Anonymous = false },
            Battle("5", "m1", "m2", "model_b") with { Flagged = true },
            Battle("6", "m1", "m2", "model_b") with { Judge = "gpt-judge", Language = null },
        ];
        await store.AddBattlesAsync(all, Ct);

        BattleFilter[] filters =
        [
            new(Language: "ENGLISH"),
            new(Category: "Math"),
            new(AnonymousOnly: true),
            new(ExcludeTies: true),
            new(Judge: "gpt-judge"),
            new(Language: "english", AnonymousOnly: true, ExcludeTies: true),
            BattleFilter.All,
        ];
        foreach (var filter in filters)
        {
            var expected = all.Where(filter.Matches).Select(b => b.BattleId).ToList();
            var actual = (await ToListAsync(store.ReadBattlesAsync(filter, Ct))).Select(b => b.BattleId).ToList();
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Count, await store.CountBattlesAsync(filter, Ct));
        }

        Assert.Equal(["1", "3", "4", "5"], (await ToListAsync(store.ReadBattlesAsync(new BattleFilter(Language: "English"), Ct))).Select(b => b.BattleId));
    }

    [Fact]
    public async Task A_large_import_commits_in_one_call()
    {
        var store = await OpenBattlesAsync();
        await using var _ = (IAsyncDisposable)store;
        var many = Enumerable.Range(0, 1_234).Select(i => Battle($"id-{i:D5}", "m" + (i % 7), "m" + ((i % 7) + 1), i % 3 == 0 ? "tie" : "model_a", i)).ToList();

        Assert.Equal(1_234, await store.AddBattlesAsync(many, Ct));
        Assert.Equal(many, await ToListAsync(store.ReadBattlesAsync(null, Ct)));
    }
}
