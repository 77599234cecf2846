using Arbiter.Core.Models;
using Arbiter.Engine.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arbiter.Cluster.Budget;

/// <summary>
/// The runner's <see cref="IConcurrencyLimiter"/> backed by the endpoint's <see cref="IEndpointBudgetGrain"/>:
/// slots are leases from one cluster-wide budget, renewed while this node lives, so the endpoint's
/// ceiling holds across all nodes and a dead node's slots come back after <see cref="BudgetSettings.LeaseTtl"/>.
/// One instance is one lease holder; leases of one holder are interchangeable. A finished call's lease goes
/// straight to this holder's next queued call (no round trip to the grain) within the bounds of <see cref="LeaseReuse"/>;
/// the grain still counts it, so the cap holds, and successes of reused leases reach AIMD with the next renewal.
/// </summary>
public sealed partial class ClusterConcurrencyLimiter : IConcurrencyLimiter, IAsyncDisposable
{
    /// <summary>Default lease lifetime: how long a dead node's slots stay taken.</summary>
    public static readonly TimeSpan DefaultLeaseTtl = TimeSpan.FromSeconds(30);

    // Well below Orleans' default 30 s response timeout, so a long wait is a normal "ask again".
    private static readonly TimeSpan DefaultPollWait = TimeSpan.FromSeconds(5);

    private readonly IEndpointBudgetGrain _grain;
    private readonly BudgetSettings _settings;
    private readonly TimeSpan _pollWait;
    private readonly LeaseReuse _reuse;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly long _origin; // _time's timestamp at construction: NowMs counts from it
    private readonly long _reuseWindowMs; // BudgetTiming.ReuseWindow: how long a confirmation lets a lease serve new calls
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, HeldLease> _held = [];
    private readonly Dictionary<Guid, HeldLease> _idle = []; // lingering for this holder's next call
    private readonly LinkedList<TaskCompletionSource<Guid>> _waiting = new();
    private readonly List<Task> _asks = [];
    private readonly List<Task> _returns = []; // successes handed back without waiting for the grain
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private int _asking;
    private int _unreportedSuccesses;
    private BudgetAdvice? _advice;
    private bool _disposed;

    /// <summary>Creates a holder of <paramref name="endpointId"/>'s budget and starts renewing its leases (<see cref="BudgetTiming.RenewInterval"/>).</summary>
    public ClusterConcurrencyLimiter(IGrainFactory grains, string endpointId, BudgetSettings settings,
        TimeSpan? pollWait = null, ILogger? logger = null, LeaseReuse? reuse = null)
        : this(GrainOf(grains, endpointId), endpointId, settings, pollWait, logger, reuse, TimeProvider.System)
    {
    }

    // The seam for tests: a budget grain that can be cut off at will and a clock that moves only when told.
    internal ClusterConcurrencyLimiter(IEndpointBudgetGrain grain, string endpointId, BudgetSettings settings,
        TimeSpan? pollWait, ILogger? logger, LeaseReuse? reuse, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointId);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.LeaseTtl, TimeSpan.Zero);
        _grain = grain;
        _settings = settings;
        _pollWait = pollWait ?? DefaultPollWait;
        _reuse = reuse ?? LeaseReuse.Default;
        _log = logger ?? NullLogger.Instance;
        _time = time;
        _origin = time.GetTimestamp();
        _reuseWindowMs = (long)BudgetTiming.ReuseWindow(settings.LeaseTtl).TotalMilliseconds;
        EndpointId = endpointId;
        Holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        _renewing = RenewLoopAsync(BudgetTiming.RenewInterval(settings.LeaseTtl), _stop.Token);
    }

    /// <summary>A limiter for <paramref name="model"/>: the budget is keyed by its id and starts at its configured ceiling, as the local one does.</summary>
    public static ClusterConcurrencyLimiter ForModel(IGrainFactory grains, ModelSpec model, TimeSpan? leaseTtl = null, ILogger? logger = null, LeaseReuse? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var settings = new BudgetSettings(model.MaxConcurrency, model.MaxConcurrency, leaseTtl ?? DefaultLeaseTtl);
        return new ClusterConcurrencyLimiter(grains, model.Id, settings, logger: logger, reuse: reuse);
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
            lock (_gate) return _held.Count + _idle.Count;
        }
    }

    /// <summary>Leases dropped by <see cref="AbandonAsync"/>, left to expire at the grain.</summary>
    public long Abandoned { get; private set; }

    /// <summary>Calls that got their slot by hand-off from a finished call of this holder (no round trip to the grain).</summary>
    public long HandOffs { get; private set; }

    /// <inheritdoc />
    public async ValueTask AcquireAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var waiter = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        LinkedListNode<TaskCompletionSource<Guid>>? node = null;
        List<Guid>? stale;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // A lingering lease the grain may have given away meanwhile serves no call (a holder cut off from the grain).
            stale = DropStaleIdle(NowMs());
            if (_idle.Count > 0)
            {
                var (id, lease) = _idle.First();
                _idle.Remove(id);
                lease.Uses++;
                _held[id] = lease;
                HandOffs++;
            }
            else
            {
                node = _waiting.AddLast(waiter);
                // One request queued in the grain per call waiting here: the grain's queue sees this holder's demand.
                while (_asking < _waiting.Count)
                {
                    _asking++;
                    _asks.RemoveAll(t => t.IsCompleted);
                    _asks.Add(AskLoopAsync());
                }
            }
        }

        ReturnInBackground(stale);
        if (node is null) return; // served by a lingering lease

        try
        {
            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            bool served;
            lock (_gate)
            {
                // Out of the list and successful: handed a lease (deliveries happen under this lock).
                served = node.List is null && waiter.Task.IsCompletedSuccessfully;
                if (!served) _waiting.Remove(node);
            }

            // Served in the same instant we gave up: pass the lease on (or back).
            if (served) await ReleaseAsync(null).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(bool? success)
    {
        Guid id;
        int surplus;
        lock (_gate)
        {
            if (_held.Count == 0) throw new InvalidOperationException($"Release on endpoint '{EndpointId}' without a lease held.");
            var now = NowMs();
            // A lease that may no longer serve a call goes back first (leases of one holder are interchangeable), then
            // the oldest, which the fairness bound returns first.
            (id, var lease) = _held.MinBy(p => (IsCurrent(p.Value, now) ? 1 : 0, p.Value.GrantedAtMs));
            // A throttle goes back at once (AIMD must see it now).
            if (success != false && _waiting.First is not null && MayHandOff(lease, now))
            {
                _held.Remove(id);
                lease.Uses++;
                if (success == true) _unreportedSuccesses++;
                HandOffs++;
                Deliver(id, lease);
                return;
            }

            _held.Remove(id);
            if (success != false && MayLinger(lease, now))
            {
                if (success == true) _unreportedSuccesses++;
                _idle[id] = lease;
                _ = LingerAsync(id);
                return;
            }

            surplus = Math.Max(0, _asking - _waiting.Count);
        }

        if (success != true)
        {
            // A throttle must have halved the limit before the caller goes on; a null outcome is rare (cancelled calls).
            await ReturnAsync(id, success, surplus).ConfigureAwait(false);
            return;
        }

        // Not awaited: the caller's worker slot is freed at once instead of after a round trip (the grain counts the
        // lease until the return arrives, so the cap holds either way).
        var returning = ReturnAsync(id, success, surplus);
        lock (_gate)
        {
            _returns.RemoveAll(t => t.IsCompleted);
            if (!returning.IsCompleted) _returns.Add(returning);
        }
    }

    /// <summary>
    /// A call was given up before its answer (cancelled: its shard or worker is stopping, or the run was stopped): its
    /// lease is neither handed on nor returned, and no longer renewed, so the grain counts it until it expires, one
    /// lifetime after its last renewal at most. The endpoint may still be working on the request — it learns of the
    /// cancellation only when the connection's close reaches it — so a slot freed at once could put the endpoint above
    /// its cap; this is what a dead worker's calls cost too.
    /// </summary>
    public ValueTask AbandonAsync()
    {
        lock (_gate)
        {
            if (_held.Count == 0) throw new InvalidOperationException($"Abandon on endpoint '{EndpointId}' without a lease held.");
            // Leases of one holder are interchangeable: which one stops being renewed does not matter.
            var (id, _) = _held.MinBy(p => p.Value.GrantedAtMs);
            _held.Remove(id);
            Abandoned++;
        }

        return ValueTask.CompletedTask;
    }

    private static IEndpointBudgetGrain GrainOf(IGrainFactory grains, string endpointId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointId);
        return grains.GetGrain<IEndpointBudgetGrain>(endpointId);
    }

    // Milliseconds since construction on this holder's clock (monotonic, like Environment.TickCount64).
    private long NowMs() => (long)_time.GetElapsedTime(_origin).TotalMilliseconds;

    /// <summary>Stops renewing, withdraws any queued requests and hands back any leases still held.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] asks;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            asks = [.. _asks];
            // No more requests go out for them; a caller still waiting here would wait forever.
            foreach (var waiter in _waiting) waiter.SetException(new ObjectDisposedException(nameof(ClusterConcurrencyLimiter)));
            _waiting.Clear();
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        _stop.Dispose();
        await _grain.WithdrawAsync(Holder).ConfigureAwait(false);
        await Task.WhenAll(asks).ConfigureAwait(false);
        Task[] returns;
        lock (_gate) returns = [.. _returns];
        await Task.WhenAll(returns).ConfigureAwait(false);
        Guid[] left;
        int successes;
        lock (_gate)
        {
            left = [.. _held.Keys, .. _idle.Keys];
            _held.Clear();
            _idle.Clear();
            successes = _unreportedSuccesses;
            _unreportedSuccesses = 0;
        }

        if (successes > 0) await _grain.RenewAsync(new LeaseRenewal(Holder, [], _settings, successes)).ConfigureAwait(false);
        foreach (var id in left) await _grain.ReleaseAsync(new LeaseReturn(Holder, id, null, 0)).ConfigureAwait(false);
    }
}
