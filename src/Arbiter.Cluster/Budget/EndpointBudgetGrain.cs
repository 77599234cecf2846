using Arbiter.Engine.Providers;
using Orleans.Concurrency;

namespace Arbiter.Cluster.Budget;

/// <summary>
/// Owns one endpoint's slots: a lease table with expiry and the same <see cref="AimdState"/> the
/// in-process limiter uses. Reentrant so releases and renewals run while acquirers wait; Orleans
/// still runs one turn at a time, so the tables need no lock. A new activation grants nothing for
/// <see cref="BudgetTiming.Grace"/>, until live holders have re-adopted the leases of a previous one.
/// </summary>
[Reentrant]
public sealed class EndpointBudgetGrain : Grain, IEndpointBudgetGrain
{
    private readonly Dictionary<Guid, Lease> _leases = [];
    private readonly Queue<Waiter> _waiters = new();
    // Leases released within the last lifetime: a renewal sent before the release but handled after it must not re-adopt them.
    private readonly HashSet<Guid> _released = [];
    private readonly Queue<(Guid Id, long UntilMs)> _releasedOrder = new();
    private AimdState? _aimd;
    private TimeSpan _ttl;
    private IGrainTimer? _sweeper;
    private readonly long _activatedAtMs = Environment.TickCount64;
    private long _graceUntilMs;

    /// <inheritdoc />
    public async Task<Guid?> AcquireAsync(LeaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Configure(request.Settings);
        Sweep();
        while (_waiters.TryPeek(out var head) && head.Granted.Task.IsCompleted) _waiters.Dequeue();
        if (_waiters.Count == 0 && _leases.Count < _aimd!.Limit && !InGrace()) return Grant(request.Holder);

        var waiter = new Waiter(request.Holder, new TaskCompletionSource<Guid?>(TaskCreationOptions.RunContinuationsAsynchronously));
        _waiters.Enqueue(waiter);
        try
        {
            return await waiter.Granted.Task.WaitAsync(request.MaxWait);
        }
        catch (TimeoutException)
        {
            // A grant and the timeout can land in the same instant: if the grant won, keep it, or
            // the slot would be lost until its lease expires.
            if (waiter.Granted.TrySetResult(null)) return null;
            return await waiter.Granted.Task;
        }
    }

    /// <inheritdoc />
    public Task<BudgetAdvice> ReleaseAsync(LeaseReturn lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        // Withdraw first, so the slot freed here does not go to a request its holder no longer needs.
        Withdraw(lease.Holder, lease.Withdraw);
        // An unknown lease was already reclaimed (its holder looked dead); the outcome still counts.
        _leases.Remove(lease.LeaseId);
        if (_released.Add(lease.LeaseId)) _releasedOrder.Enqueue((lease.LeaseId, Environment.TickCount64 + (long)_ttl.TotalMilliseconds));
        _aimd?.OnOutcome(lease.Success, Environment.TickCount64);
        Sweep();
        GrantWaiters();
        return Task.FromResult(Advice(lease.Holder));
    }

    /// <inheritdoc />
    public Task<RenewalAnswer> RenewAsync(LeaseRenewal renewal)
    {
        ArgumentNullException.ThrowIfNull(renewal);
        Configure(renewal.Settings);
        // Unknown ids are re-adopted: after this grain re-activated elsewhere, or after a holder that
        // was only slow got its leases reclaimed, the calls are still in flight and must be counted.
        var expires = Environment.TickCount64 + (long)_ttl.TotalMilliseconds;
        List<Guid>? lapsed = null;
        foreach (var id in renewal.LeaseIds)
        {
            if (_released.Contains(id)) continue;
            // Within the grace an unknown lease is a previous activation's, whose slot nobody else got (nothing is granted
            // in the grace). After it, the lease expired here (or missed the grace) and its slot may have been granted
            // again: the holder must not start another call on it.
            if (!_leases.ContainsKey(id) && !InGrace()) (lapsed ??= []).Add(id);
            _leases[id] = new Lease(renewal.Holder, expires);
        }
        for (var i = 0; i < renewal.Successes; i++) _aimd!.OnSuccess();
        Sweep();
        GrantWaiters();
        return Task.FromResult(new RenewalAnswer(Advice(renewal.Holder), lapsed?.ToArray() ?? []));
    }

    /// <inheritdoc />
    public Task WithdrawAsync(string holder)
    {
        Withdraw(holder, int.MaxValue);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<BudgetSnapshot> GetSnapshotAsync()
    {
        Sweep();
        return Task.FromResult(new BudgetSnapshot(_aimd?.Limit ?? 0, _aimd?.Max ?? 0, _leases.Count,
            _waiters.Count(w => !w.Granted.Task.IsCompleted)));
    }

    private void Configure(BudgetSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (_aimd is null)
        {
            _aimd = new AimdState(settings.MaxConcurrency, settings.InitialConcurrency);
            _graceUntilMs = _activatedAtMs + (long)BudgetTiming.Grace(settings.LeaseTtl).TotalMilliseconds;
        }
        else if (_aimd.Max != settings.MaxConcurrency) _aimd.SetMax(settings.MaxConcurrency);
        _ttl = settings.LeaseTtl;
        if (_sweeper is not null) return;

        // Without a timer, slots of a dead holder would only come back on the next call; waiters
        // would sit until their own timeout.
        // Often enough to grant the waiters soon after the grace ends, too.
        var period = TimeSpan.FromMilliseconds(Math.Clamp(Math.Min(_ttl.TotalMilliseconds / 4, BudgetTiming.RenewInterval(_ttl).TotalMilliseconds / 2), 20, 5_000));
        _sweeper = this.RegisterGrainTimer(() =>
        {
            Sweep();
            GrantWaiters();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(period, period) { Interleave = true });
    }

    private Guid Grant(string holder)
    {
        var id = Guid.NewGuid();
        _leases[id] = new Lease(holder, Environment.TickCount64 + (long)_ttl.TotalMilliseconds);
        return id;
    }

    private bool InGrace() => Environment.TickCount64 < _graceUntilMs;

    private void GrantWaiters()
    {
        if (_aimd is null || InGrace()) return;
        while (_waiters.Count > 0 && _leases.Count < _aimd.Limit)
        {
            var waiter = _waiters.Dequeue();
            if (waiter.Granted.Task.IsCompleted) continue; // timed out or withdrawn already
            var id = Grant(waiter.Holder);
            if (!waiter.Granted.TrySetResult(id)) _leases.Remove(id);
        }
    }

    private void Withdraw(string holder, int count)
    {
        // Newest first: the oldest requests keep their place in the queue.
        foreach (var waiter in _waiters.Reverse())
        {
            if (count <= 0) return;
            if (waiter.Holder == holder && waiter.Granted.TrySetResult(null)) count--;
        }
    }

    private BudgetAdvice Advice(string holder) =>
        new(_aimd?.Limit ?? 0, _leases.Count, _waiters.Count(w => w.Holder != holder && !w.Granted.Task.IsCompleted));

    private void Sweep()
    {
        var now = Environment.TickCount64;
        while (_releasedOrder.TryPeek(out var head) && head.UntilMs <= now) _released.Remove(_releasedOrder.Dequeue().Id);
        List<Guid>? expired = null;
        foreach (var (id, lease) in _leases)
        {
            if (lease.ExpiresAtMs <= now) (expired ??= []).Add(id);
        }

        if (expired is null) return;
        foreach (var id in expired) _leases.Remove(id);
    }

    private readonly record struct Lease(string Holder, long ExpiresAtMs);

    private sealed record Waiter(string Holder, TaskCompletionSource<Guid?> Granted);
}
