using System.Collections.Concurrent;
using Arbiter.Core.Models;
using Arbiter.Engine.Providers;
using Microsoft.Extensions.AI;

namespace Arbiter.Web.Arena;

/// <summary>A model that can fight in the arena, with its shared client and concurrency limiter.</summary>
public sealed class ArenaModel
{
    internal ArenaModel(ModelSpec spec, IChatClient client)
    {
        Spec = spec;
        Client = client;
        Limiter = new AdaptiveConcurrencyLimiter(Math.Max(1, spec.MaxConcurrency), Math.Max(1, spec.MaxConcurrency));
        IdentityTerms = IdentityLeak.TermsFor(spec);
    }

    /// <summary>The configured endpoint.</summary>
    public ModelSpec Spec { get; }

    /// <summary>Arbiter's id of the model.</summary>
    public string Id => Spec.Id;

    /// <summary>False once an administrator disables it (no new battles; stored votes stay).</summary>
    public bool Enabled { get; internal set; } = true;

    internal IChatClient Client { get; }

    internal AdaptiveConcurrencyLimiter Limiter { get; }

    /// <summary>Words that give the model away when it says them (its names, its vendor).</summary>
    public IReadOnlyList<string> IdentityTerms { get; }
}

/// <summary>The arena's roster. Models added by an administrator live in memory until restart.</summary>
public sealed class ArenaModels
{
    private readonly ConcurrentDictionary<string, ArenaModel> _models = new(StringComparer.Ordinal);
    private readonly IChatClientFactory _clients;

    /// <summary>Creates the roster from the configured models.</summary>
    public ArenaModels(IEnumerable<ModelSpec> models, IChatClientFactory clients)
    {
        ArgumentNullException.ThrowIfNull(models);
        _clients = clients;
        foreach (var m in models) Add(m);
    }

    /// <summary>All models, enabled or not, by id.</summary>
    public IReadOnlyList<ArenaModel> All => [.. _models.Values.OrderBy(m => m.Id, StringComparer.Ordinal)];

    /// <summary>The models that can be drawn into a battle.</summary>
    public IReadOnlyList<ArenaModel> Enabled => [.. All.Where(m => m.Enabled)];

    /// <summary>The model with this id, or null.</summary>
    public ArenaModel? Find(string id) => _models.GetValueOrDefault(id);

    /// <summary>Adds a model; false when the id is taken. Throws <see cref="ProviderConfigurationException"/> when it cannot be called.</summary>
    public bool Add(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (_models.ContainsKey(spec.Id)) return false;
        return _models.TryAdd(spec.Id, new ArenaModel(spec, _clients.Create(spec)));
    }

    /// <summary>Enables or disables a model; false when unknown.</summary>
    public bool SetEnabled(string id, bool enabled)
    {
        if (!_models.TryGetValue(id, out var m)) return false;
        m.Enabled = enabled;
        return true;
    }
}
