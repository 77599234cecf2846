using System.Collections.Concurrent;
using Arbiter.Core.Arena;
using Arbiter.Core.Models;
using Arbiter.Engine.Providers;
using Arbiter.Web.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Arena;

/// <summary>A model that can fight in the arena, with its shared client and concurrency limiter.</summary>
public sealed class ArenaModel
{
    internal ArenaModel(ModelSpec spec, IChatClient client, bool configured)
    {
        Spec = spec;
        Configured = configured;
        Client = client;
        Limiter = new AdaptiveConcurrencyLimiter(Math.Max(1, spec.MaxConcurrency), Math.Max(1, spec.MaxConcurrency));
        IdentityTerms = IdentityLeak.TermsFor(spec);
    }

    /// <summary>The configured endpoint.</summary>
    public ModelSpec Spec { get; }

    /// <summary>Arbiter's id of the model.</summary>
    public string Id => Spec.Id;

    /// <summary>True for a model from the config (it can be disabled, not removed); false for one an administrator added.</summary>
    public bool Configured { get; }

    /// <summary>False once an administrator disables it (no new battles; stored votes stay).</summary>
    public bool Enabled { get; internal set; } = true;

    internal IChatClient Client { get; }

    internal AdaptiveConcurrencyLimiter Limiter { get; }

    /// <summary>Words that give the model away when it says them (its names, its vendor).</summary>
    public IReadOnlyList<string> IdentityTerms { get; }
}

/// <summary>What <see cref="ArenaModels.RemoveAsync"/> did.</summary>
public enum RemoveOutcome
{
    /// <summary>The added model is gone from the roster (and the store).</summary>
    Removed,

    /// <summary>No model has that id.</summary>
    NotFound,

    /// <summary>The model comes from the config: it can be disabled, not removed.</summary>
    Configured,
}

/// <summary>
/// The arena's roster: the configured models plus those an administrator added, each enabled or
/// disabled. With a store, an administrator's change is written there before it takes effect (a
/// failed write changes nothing) and <see cref="RestoreAsync"/> brings the changes back at start;
/// without one they last until restart.
/// </summary>
public sealed class ArenaModels : IDisposable
{
    private readonly ConcurrentDictionary<string, ArenaModel> _models = new(StringComparer.Ordinal);

    // Stored models that could not be built at start (e.g. their key variable is unset): shown to the admin, removable.
    private readonly ConcurrentDictionary<string, UnusableModel> _unusable = new(StringComparer.Ordinal);
    private readonly IChatClientFactory _clients;
    private readonly IArenaRosterStore? _store;
    private readonly TimeProvider _time;

    // Serializes changes, so the id check, the store write and the in-memory update act as one step.
    private readonly SemaphoreSlim _changes = new(1, 1);

    /// <summary>Creates the roster from the configured models.</summary>
    public ArenaModels(IEnumerable<ModelSpec> models, IChatClientFactory clients, IArenaRosterStore? store = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        _clients = clients;
        _store = store;
        _time = time ?? TimeProvider.System;
        // A model that replays a recorded log cannot answer a voter's new prompt: it takes no part in battles.
        foreach (var m in models.Where(m => !m.IsReplay)) _models.TryAdd(m.Id, new ArenaModel(m, _clients.Create(m), configured: true));
    }

    /// <summary>All models, enabled or not, by id.</summary>
    public IReadOnlyList<ArenaModel> All => [.. _models.Values.OrderBy(m => m.Id, StringComparer.Ordinal)];

    /// <summary>The models that can be drawn into a battle.</summary>
    public IReadOnlyList<ArenaModel> Enabled => [.. All.Where(m => m.Enabled)];

    /// <summary>Stored models that could not be restored, with the reason (they take no battles until fixed or removed).</summary>
    public IReadOnlyList<UnusableModel> Unusable => [.. _unusable.Values.OrderBy(m => m.Spec.Id, StringComparer.Ordinal)];

    /// <summary>The model with this id, or null.</summary>
    public ArenaModel? Find(string id) => _models.GetValueOrDefault(id);

    /// <summary>
    /// Adds the stored models (a configured model of the same id wins, with a warning) and applies
    /// the stored enabled states. Call once, before serving.
    /// </summary>
    public async Task RestoreAsync(ILogger logger, CancellationToken cancellationToken = default)
    {
        if (_store is null) return;
        await foreach (var stored in _store.ReadArenaModelsAsync(cancellationToken).ConfigureAwait(false))
        {
            var spec = stored.Spec;
            if (_models.ContainsKey(spec.Id))
            {
                Log.StoredModelShadowed(logger, spec.Id);
                continue;
            }

            try
            {
                _models.TryAdd(spec.Id, new ArenaModel(spec, _clients.Create(spec), configured: false));
            }
            catch (ProviderConfigurationException ex)
            {
                // One unusable stored model must not keep the arena down; the admin sees it listed with the reason.
                Log.StoredModelUnusable(logger, spec.Id, ex.Message);
                _unusable[spec.Id] = new UnusableModel(spec, ex.Message);
            }
        }

        await foreach (var state in _store.ReadArenaModelStatesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_models.TryGetValue(state.ModelId, out var model)) model.Enabled = state.Enabled;
        }
    }

    /// <summary>
    /// Adds a model and stores it; false when the id is taken. Throws <see cref="ProviderConfigurationException"/>
    /// when it cannot be called, and whatever the store throws when it cannot be saved (nothing changes then).
    /// </summary>
    public Task<bool> AddAsync(ModelSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return ChangeAsync(async () =>
        {
            if (_models.ContainsKey(spec.Id) || _unusable.ContainsKey(spec.Id)) return false;
            var model = new ArenaModel(spec, _clients.Create(spec), configured: false);
            if (_store is not null
                && !await _store.AddArenaModelAsync(new StoredArenaModel(spec, _time.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            return _models.TryAdd(spec.Id, model);
        }, cancellationToken);
    }

    /// <summary>Enables or disables a model and stores the choice; false when unknown.</summary>
    public Task<bool> SetEnabledAsync(string id, bool enabled, CancellationToken cancellationToken = default) =>
        ChangeAsync(async () =>
        {
            if (!_models.TryGetValue(id, out var model)) return false;
            if (_store is not null)
            {
                await _store.SetArenaModelStateAsync(new ArenaModelState(id, enabled, _time.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken)
                    .ConfigureAwait(false);
            }

            model.Enabled = enabled;
            return true;
        }, cancellationToken);

    /// <summary>Removes a model an administrator added, from the roster and the store; battles already fought stay.</summary>
    public Task<RemoveOutcome> RemoveAsync(string id, CancellationToken cancellationToken = default) =>
        ChangeAsync(async () =>
        {
            if (_unusable.ContainsKey(id))
            {
                if (_store is not null) await _store.RemoveArenaModelAsync(id, cancellationToken).ConfigureAwait(false);
                _unusable.TryRemove(id, out _);
                return RemoveOutcome.Removed;
            }

            if (!_models.TryGetValue(id, out var model)) return RemoveOutcome.NotFound;
            if (model.Configured) return RemoveOutcome.Configured;
            if (_store is not null) await _store.RemoveArenaModelAsync(id, cancellationToken).ConfigureAwait(false);
            _models.TryRemove(id, out _);
            return RemoveOutcome.Removed;
        }, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _changes.Dispose();

    private async Task<T> ChangeAsync<T>(Func<Task<T>> change, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await change().ConfigureAwait(false);
        }
        finally
        {
            _changes.Release();
        }
    }
}

/// <summary>A stored model that could not be restored at start, and why (the reason names no secret).</summary>
public sealed record UnusableModel(ModelSpec Spec, string Problem);
