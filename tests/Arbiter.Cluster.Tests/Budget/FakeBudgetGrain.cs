using Arbiter.Cluster.Budget;

namespace Arbiter.Cluster.Tests.Budget;

/// <summary>
/// A budget grain in memory for one holder, which a test can cut off (as across a partition: renewals and releases fail,
/// a request for a lease hangs as an Orleans call does until its response timeout) or make forget leases (as after they
/// expired). Requests it cannot serve wait until the test calls <see cref="GrantWaiting"/>.
/// </summary>
internal sealed class FakeBudgetGrain(int cap) : IEndpointBudgetGrain
{
    private readonly Lock _gate = new();
    private readonly HashSet<Guid> _leases = [];
    private readonly HashSet<Guid> _forgotten = [];
    private readonly List<Guid> _returned = [];
    private readonly Queue<TaskCompletionSource<Guid?>> _waiting = new();
    private bool _reachable = true;
    private int _renewals;

    /// <summary>Whether the holder's calls reach this grain.</summary>
    public bool Reachable
    {
        get { lock (_gate) return _reachable; }
        set { lock (_gate) _reachable = value; }
    }

    /// <summary>Renewals answered or failed so far.</summary>
    public int Renewals
    {
        get { lock (_gate) return _renewals; }
    }

    /// <summary>Leases handed back to this grain, in order.</summary>
    public IReadOnlyList<Guid> Returned
    {
        get { lock (_gate) return [.. _returned]; }
    }

    /// <summary>Leases granted and not returned, in no order.</summary>
    public IReadOnlyList<Guid> Leases
    {
        get { lock (_gate) return [.. _leases]; }
    }

    /// <summary>The grain no longer has <paramref name="id"/> (it expired here): the next renewal names it lapsed.</summary>
    public void Forget(Guid id)
    {
        lock (_gate) _forgotten.Add(id);
    }

    /// <summary>Answers the oldest waiting request with a fresh lease.</summary>
    public void GrantWaiting()
    {
        TaskCompletionSource<Guid?> waiter;
        Guid id;
        lock (_gate)
        {
            waiter = _waiting.Dequeue();
            id = Guid.NewGuid();
            _leases.Add(id);
        }

        waiter.SetResult(id);
    }

    public Task<Guid?> AcquireAsync(LeaseRequest request)
    {
        lock (_gate)
        {
            if (_reachable && _leases.Count < cap)
            {
                var id = Guid.NewGuid();
                _leases.Add(id);
                return Task.FromResult<Guid?>(id);
            }

            var waiter = new TaskCompletionSource<Guid?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter);
            return waiter.Task;
        }
    }

    public Task<BudgetAdvice> ReleaseAsync(LeaseReturn lease)
    {
        lock (_gate)
        {
            if (!_reachable) throw new TimeoutException("The budget grain is unreachable.");
            _leases.Remove(lease.LeaseId);
            _returned.Add(lease.LeaseId);
            return Task.FromResult(Advice());
        }
    }

    public Task<RenewalAnswer> RenewAsync(LeaseRenewal renewal)
    {
        lock (_gate)
        {
            _renewals++;
            if (!_reachable) throw new TimeoutException("The budget grain is unreachable.");
            return Task.FromResult(new RenewalAnswer(Advice(), [.. renewal.LeaseIds.Where(_forgotten.Contains)]));
        }
    }

    public Task WithdrawAsync(string holder)
    {
        List<TaskCompletionSource<Guid?>> waiting;
        lock (_gate)
        {
            waiting = [.. _waiting];
            _waiting.Clear();
        }

        foreach (var waiter in waiting) waiter.TrySetResult(null);
        return Task.CompletedTask;
    }

    public Task<BudgetSnapshot> GetSnapshotAsync()
    {
        lock (_gate) return Task.FromResult(new BudgetSnapshot(cap, cap, _leases.Count, _waiting.Count));
    }

    // Nobody else waits: left alone, the holder would reuse its leases without limit.
    private BudgetAdvice Advice() => new(cap, _leases.Count, 0);
}
