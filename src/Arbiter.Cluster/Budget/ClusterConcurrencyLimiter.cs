using Arbiter.Core.Models;
using Arbiter.Engine.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arbiter.Cluster.Budget;

/// <summary>
/// The runner's <see cref="IConcurrencyLimiter"/> backed by the endpoint's <see cref="IEndpointBudgetGrain"/>:
/// slots are leases from one cluster-wide budget, renewed while this node lives, so the endpoint's
/// ceiling holds across all nodes and a dead node's slots come back after <see cref="BudgetSettings.LeaseTtl"/>.
/// One instance is one lease holder; leases of one holder are interchangeable.
/// </summary>
public sealed class ClusterConcurrencyLimiter : IConcurrencyLimiter, IAsyncDisposable
{
    /// <summary>Default lease lifetime: how long a dead node's slots stay taken.</summary>
    public static readonly TimeSpan DefaultLeaseTtl = TimeSpan.FromSeconds(30);

    // Well below Orleans' default 30 s response timeout, so a long wait is a normal "ask again".
    private static readonly TimeSpan DefaultPollWait = TimeSpan.FromSeconds(5);

    private readonly IEndpointBudgetGrain _grain;
    private readonly BudgetSettings _settings;
    private readonly TimeSpan _pollWait;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private readonly List<Guid> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    /// <summary>Creates a holder of <paramref name="endpointId"/>'s budget and starts renewing its leases (<see cref="BudgetTiming.RenewInterval"/>).</summary>
    public ClusterConcurrencyLimiter(IGrainFactory grains, string endpointId, BudgetSettings settings,
        TimeSpan? pollWait = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointId);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.LeaseTtl, TimeSpan.Zero);
        _grain = grains.GetGrain<IEndpointBudgetGrain>(endpointId);
        _settings = settings;
        _pollWait = pollWait ?? DefaultPollWait;
        _log = logger ?? NullLogger.Instance;
        EndpointId = endpointId;
        Holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        _renewing = RenewLoopAsync(BudgetTiming.RenewInterval(settings.LeaseTtl), _stop.Token);
    }

    /// <summary>A limiter for <paramref name="model"/>: the budget is keyed by its id and starts at its configured ceiling, as the local one does.</summary>
    public static ClusterConcurrencyLimiter ForModel(IGrainFactory grains, ModelSpec model, TimeSpan? leaseTtl = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var settings = new BudgetSettings(model.MaxConcurrency, model.MaxConcurrency, leaseTtl ?? DefaultLeaseTtl);
        return new ClusterConcurrencyLimiter(grains, model.Id, settings, logger: logger);
    }

    /// <summary>The endpoint (grain key) this limiter draws on.</summary>
    public string EndpointId { get; }

    /// <summary>This holder's identity in the grain's lease table.</summary>
    public string Holder { get; }

    /// <summary>Leases this holder has now.</summary>
    public int Held
    {
        get
        {
            lock (_gate) return _held.Count;
        }
    }

    /// <inheritdoc />
    public async ValueTask AcquireAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var call = _grain.AcquireAsync(new LeaseRequest(Holder, _settings, _pollWait));
            Guid? lease;
            try
            {
                lease = await call.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The grant may still arrive after we gave up: hand it straight back.
                _ = call.ContinueWith(t => t.Result is { } late ? _grain.ReleaseAsync(late, null) : Task.CompletedTask,
                    CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                throw;
            }

            if (lease is not { } id) continue;
            lock (_gate) _held.Add(id);
            return;
        }
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(bool? success)
    {
        Guid id;
        lock (_gate)
        {
            if (_held.Count == 0) throw new InvalidOperationException($"Release on endpoint '{EndpointId}' without a lease held.");
            id = _held[^1];
            _held.RemoveAt(_held.Count - 1);
        }

        try
        {
            await _grain.ReleaseAsync(id, success).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The model call itself is done; an unreachable grain only means the slot comes back
            // when its lease expires (it is no longer renewed), so this must not fail the call.
            ClusterLog.ReleaseFailed(_log, EndpointId, ex.Message);
        }
    }

    /// <summary>Stops renewing and hands back any leases still held.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        _stop.Dispose();
        Guid[] left;
        lock (_gate)
        {
            left = [.. _held];
            _held.Clear();
        }

        foreach (var id in left) await _grain.ReleaseAsync(id, null).ConfigureAwait(false);
    }

    private async Task RenewLoopAsync(TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                Guid[] held;
                lock (_gate) held = [.. _held];
                if (held.Length == 0) continue;
                try
                {
                    await _grain.RenewAsync(Holder, held, _settings).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Keep trying: missing renewals only let the leases expire, the safe direction.
                    ClusterLog.RenewFailed(_log, EndpointId, held.Length, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }
}
