using Arbiter.Core.Labelling;

namespace Arbiter.Storage.Tests;

/// <summary>The labelling half of the store contract (<see cref="ILabellingStore"/>), for both dialects.</summary>
public abstract partial class RunStoreContract
{
    private static readonly LabellingTask Task1 = new("t1", "Проверка RU", ["refusal", "deflection", "partial", "propaganda", "answer"], 1_700_000_000_000);

    private static LabellingItem Item(string id, int pos, string? model = "m-a") =>
        new(id, pos, $"prompt {id} — 你好", $"reply {id}\nline 2", model, "topic", "ru", model is null ? null : "refusal");

    private async Task<ILabellingStore> OpenLabellingAsync() => (ILabellingStore)await OpenMigratedAsync();

    [Fact]
    public async Task A_labelling_task_and_its_items_survive_a_reopen_in_position_order()
    {
        await using (var store = (IAsyncDisposable)await OpenLabellingAsync())
        {
            var labelling = (ILabellingStore)store;
            Assert.True(await labelling.CreateLabellingTaskAsync(Task1, [Item("b", 1), Item("a", 0, model: null)], Ct));
            Assert.False(await labelling.CreateLabellingTaskAsync(Task1 with { Name = "again" }, [Item("c", 0)], Ct));
        }

        var reopened = await OpenLabellingAsync();
        await using var _ = (IAsyncDisposable)reopened;
        Assert.Equal([Task1], await ToListAsync(reopened.ReadLabellingTasksAsync(Ct)));
        Assert.Equal([Item("a", 0, model: null), Item("b", 1)], await ToListAsync(reopened.ReadLabellingItemsAsync("t1", Ct)));
    }

    [Fact]
    public async Task Invites_are_found_by_hash_unique_per_labeller_and_revocable_once()
    {
        var store = await OpenLabellingAsync();
        await using var _ = (IAsyncDisposable)store;
        await store.CreateLabellingTaskAsync(Task1, [Item("a", 0)], Ct);
        var anna = new LabellerInvite("t1", "Анна", new string('a', 64), 5, null);
        Assert.True(await store.AddLabellerInviteAsync(anna, Ct));
        Assert.False(await store.AddLabellerInviteAsync(anna with { TokenHash = new string('b', 64) }, Ct));
        Assert.False(await store.AddLabellerInviteAsync(anna with { Labeller = "Boris" }, Ct)); // same hash

        Assert.Equal(anna, await store.FindLabellerInviteAsync(anna.TokenHash, Ct));
        Assert.Null(await store.FindLabellerInviteAsync(new string('c', 64), Ct));
        Assert.True(await store.RevokeLabellerInviteAsync("t1", "Анна", 9, Ct));
        Assert.False(await store.RevokeLabellerInviteAsync("t1", "Анна", 10, Ct));
        Assert.Equal([anna with { RevokedAtMs = 9 }], await ToListAsync(store.ReadLabellerInvitesAsync("t1", Ct)));
    }

    [Fact]
    public async Task The_latest_label_per_labeller_and_item_wins_and_skips_keep_their_note()
    {
        var store = await OpenLabellingAsync();
        await using var _ = (IAsyncDisposable)store;
        await store.CreateLabellingTaskAsync(Task1, [Item("a", 0), Item("b", 1)], Ct);
        await store.SetItemLabelAsync(new ItemLabel("t1", "a", "x", "answer", null, 1), Ct);
        await store.SetItemLabelAsync(new ItemLabel("t1", "a", "x", "refusal", "changed my mind", 2), Ct);
        await store.SetItemLabelAsync(new ItemLabel("t1", "a", "y", "refusal", null, 3), Ct);
        await store.SetItemLabelAsync(new ItemLabel("t1", "b", "x", null, "unreadable", 4), Ct);

        var labels = await ToListAsync(store.ReadItemLabelsAsync("t1", Ct));
        Assert.Equal(
            [new ItemLabel("t1", "a", "x", "refusal", "changed my mind", 2), new ItemLabel("t1", "a", "y", "refusal", null, 3), new ItemLabel("t1", "b", "x", null, "unreadable", 4)],
            labels);
        Assert.True(labels[2].Skipped);
        Assert.Empty(await ToListAsync(store.ReadItemLabelsAsync("other", Ct)));
    }

    [Fact]
    public async Task The_latest_adjudication_per_item_wins()
    {
        var store = await OpenLabellingAsync();
        await using var _ = (IAsyncDisposable)store;
        await store.CreateLabellingTaskAsync(Task1, [Item("a", 0)], Ct);
        await store.SetAdjudicationAsync(new Adjudication("t1", "a", "answer", "admin", null, 1), Ct);
        await store.SetAdjudicationAsync(new Adjudication("t1", "a", "partial", "admin", "hedges", 2), Ct);
        Assert.Equal([new Adjudication("t1", "a", "partial", "admin", "hedges", 2)], await ToListAsync(store.ReadAdjudicationsAsync("t1", Ct)));
    }
}
