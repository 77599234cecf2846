using Arbiter.Core.Models;

namespace Arbiter.Core.Arena;

/// <summary>
/// A model an administrator added to the arena. <see cref="ModelSpec"/> holds only the name of the
/// API-key variable, so what is stored never contains a key.
/// </summary>
/// <param name="Spec">The endpoint, as it was added.</param>
/// <param name="AddedAtMs">When it was added, UTC unix milliseconds.</param>
public sealed record StoredArenaModel(ModelSpec Spec, long AddedAtMs);

/// <summary>An administrator's choice to enable or disable one model (configured or added).</summary>
/// <param name="ModelId">The model's id.</param>
/// <param name="Enabled">False: the model is drawn into no new battles.</param>
/// <param name="ChangedAtMs">When the choice was made, UTC unix milliseconds.</param>
public sealed record ArenaModelState(string ModelId, bool Enabled, long ChangedAtMs);

/// <summary>
/// Persistence for the arena roster changes made by an administrator, so they survive a restart.
/// Models from the config are not stored; only their enabled state is. Implemented by both run stores.
/// </summary>
public interface IArenaRosterStore
{
    /// <summary>Stores an added model; false (and nothing changed) when a model with that id is stored already.</summary>
    Task<bool> AddArenaModelAsync(StoredArenaModel model, CancellationToken cancellationToken = default);

    /// <summary>Removes an added model together with its enabled state; false when no such model is stored.</summary>
    Task<bool> RemoveArenaModelAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>Records the enabled state of a model, replacing any earlier one.</summary>
    Task SetArenaModelStateAsync(ArenaModelState state, CancellationToken cancellationToken = default);

    /// <summary>The added models, by id.</summary>
    IAsyncEnumerable<StoredArenaModel> ReadArenaModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>The recorded enabled states, by model id.</summary>
    IAsyncEnumerable<ArenaModelState> ReadArenaModelStatesAsync(CancellationToken cancellationToken = default);
}
