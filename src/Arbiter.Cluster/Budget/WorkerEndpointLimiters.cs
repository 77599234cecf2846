using Arbiter.Core.Models;
using Microsoft.Extensions.Logging;

namespace Arbiter.Cluster.Budget;

/// <summary>
/// One lease holder per endpoint on a worker, shared by the shards running there: a call finishing in one shard hands
/// its lease to a call waiting in another without a round trip to the budget grain, which per-shard holders could not
/// (a worker runs two shards at once, and its own slots are shared by both). The holder lives while a shard uses it.
/// </summary>
public sealed class WorkerEndpointLimiters
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Model, int Max), Entry> _entries = [];

    /// <summary>The worker's holder for <paramref name="model"/> (created on first use); give it back with <see cref="ReturnAsync"/>.</summary>
    public ClusterConcurrencyLimiter Rent(IGrainFactory grains, ModelSpec model, TimeSpan leaseTtl, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_gate)
        {
            // Keyed with the ceiling too: runs configuring the same model differently keep their own settings.
            var key = (model.Id, model.MaxConcurrency);
            if (!_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = entry = new Entry(ClusterConcurrencyLimiter.ForModel(grains, model, leaseTtl, log));
            }

            entry.Users++;
            return entry.Limiter;
        }
    }

    /// <summary>A shard is done with <paramref name="limiter"/>; the last one disposes it (its leases go back).</summary>
    public async ValueTask ReturnAsync(ClusterConcurrencyLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        var last = false;
        lock (_gate)
        {
            foreach (var (key, entry) in _entries)
            {
                if (!ReferenceEquals(entry.Limiter, limiter)) continue;
                last = --entry.Users == 0;
                if (last) _entries.Remove(key);
                break;
            }
        }

        if (last) await limiter.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Entry(ClusterConcurrencyLimiter limiter)
    {
        public ClusterConcurrencyLimiter Limiter { get; } = limiter;

        public int Users { get; set; }
    }
}
