using Arbiter.Core.Storage;
using Arbiter.Core.Arena;
using Arbiter.Core.Models;

namespace Arbiter.Storage.Tests;

/// <summary>The arena-roster half of the store contract (<see cref="IArenaRosterStore"/>), for both dialects.</summary>
public abstract partial class RunStoreContract
{
    private static ModelSpec Spec(string id) => new(id, "openai", "http://127.0.0.1:8000/v1", "qwen-7b", "QWEN_API_KEY", "RU", "Моя лаборатория",
        new Pricing(0.5m, 1.25m, "RUB"), new DateOnly(2025, 3, 1), new GenerationParameters(Temperature: 0.2, MaxTokens: 512))
    {
        MaxConcurrency = 3,
        Timeout = TimeSpan.FromSeconds(45),
        AuthScheme = "bearer",
    };

    private async Task<IArenaRosterStore> OpenRosterAsync() => (IArenaRosterStore)await OpenMigratedAsync();

    [Fact]
    public async Task Added_arena_models_survive_a_reopen_with_every_spec_field()
    {
        await using (var store = (IAsyncDisposable)await OpenRosterAsync())
        {
            var roster = (IArenaRosterStore)store;
            Assert.True(await roster.AddArenaModelAsync(new StoredArenaModel(Spec("b-model"), 1_700_000_000_002), Ct));
            Assert.True(await roster.AddArenaModelAsync(new StoredArenaModel(Spec("a-model") with { Pricing = null, ApiKeyEnv = null }, 1_700_000_000_001), Ct));
        }

        var reopened = await OpenRosterAsync();
        await using var _ = (IAsyncDisposable)reopened;
        var models = await ToListAsync(reopened.ReadArenaModelsAsync(Ct));
        Assert.Equal(
            [new StoredArenaModel(Spec("a-model") with { Pricing = null, ApiKeyEnv = null }, 1_700_000_000_001), new StoredArenaModel(Spec("b-model"), 1_700_000_000_002)],
            models);
    }

    [Fact]
    public async Task Adding_a_stored_id_again_changes_nothing()
    {
        var store = await OpenRosterAsync();
        await using var _ = (IAsyncDisposable)store;
        Assert.True(await store.AddArenaModelAsync(new StoredArenaModel(Spec("m"), 1), Ct));

        Assert.False(await store.AddArenaModelAsync(new StoredArenaModel(Spec("m") with { Model = "other" }, 2), Ct));

        Assert.Equal([new StoredArenaModel(Spec("m"), 1)], await ToListAsync(store.ReadArenaModelsAsync(Ct)));
    }

    [Fact]
    public async Task The_last_enabled_state_per_model_wins()
    {
        var store = await OpenRosterAsync();
        await using var _ = (IAsyncDisposable)store;
        await store.SetArenaModelStateAsync(new ArenaModelState("config-model", false, 10), Ct);
        await store.SetArenaModelStateAsync(new ArenaModelState("added", false, 11), Ct);
        await store.SetArenaModelStateAsync(new ArenaModelState("added", true, 12), Ct);

        Assert.Equal([new ArenaModelState("added", true, 12), new ArenaModelState("config-model", false, 10)],
            await ToListAsync(store.ReadArenaModelStatesAsync(Ct)));
    }

    [Fact]
    public async Task Removing_a_model_drops_its_state_but_never_another_models()
    {
        var store = await OpenRosterAsync();
        await using var _ = (IAsyncDisposable)store;
        await store.AddArenaModelAsync(new StoredArenaModel(Spec("added"), 1), Ct);
        await store.SetArenaModelStateAsync(new ArenaModelState("added", false, 2), Ct);
        await store.SetArenaModelStateAsync(new ArenaModelState("config-model", false, 3), Ct);

        Assert.False(await store.RemoveArenaModelAsync("config-model", Ct));
        Assert.True(await store.RemoveArenaModelAsync("added", Ct));
        Assert.False(await store.RemoveArenaModelAsync("added", Ct));

        Assert.Empty(await ToListAsync(store.ReadArenaModelsAsync(Ct)));
        Assert.Equal([new ArenaModelState("config-model", false, 3)], await ToListAsync(store.ReadArenaModelStatesAsync(Ct)));
    }

    [Fact]
    public async Task A_spec_edited_to_another_id_is_refused_on_read()
    {
        var store = await OpenRosterAsync();
        await using var _ = (IAsyncDisposable)store;
        await store.AddArenaModelAsync(new StoredArenaModel(Spec("m"), 1), Ct);
        await ExecuteSqlAsync("UPDATE arena_models SET spec_json = replace(spec_json, '\"id\":\"m\"', '\"id\":\"x\"')");

        var error = await Assert.ThrowsAsync<StoreException>(() => ToListAsync(store.ReadArenaModelsAsync(Ct)));
        Assert.Contains("'m'", error.Message, StringComparison.Ordinal);
    }
}
