using Microsoft.Extensions.Logging;

namespace Arbiter.Cluster.Budget;

/// <summary>The lease machinery behind <see cref="ClusterConcurrencyLimiter"/>'s acquire and release: hand-off, linger, requests to the grain, renewal.</summary>
public sealed partial class ClusterConcurrencyLimiter
{
    // Under _gate.
    private bool MayHandOff(HeldLease lease, long nowMs)
    {
        // Before the grain's first answer, assume others wait: the bound applies.
        var advice = _advice ?? new BudgetAdvice(int.MaxValue, 0, 1);
        if (advice.Leased > advice.Limit) return false; // AIMD lowered the limit: shrink to it
        return _reuse.MayReuse(lease.Uses, lease.GrantedAtMs, nowMs, advice.OthersWaiting > 0);
    }

    // Under _gate. Only when the grain said recently that no other holder waits (a lingering lease is idle, which costs
    // nobody anything then, even at a full cap) and the limit was not lowered below the leases out.
    private bool MayLinger(HeldLease lease, long nowMs) =>
        _reuse.Linger > TimeSpan.Zero && !_disposed && _advice is { } a && a.OthersWaiting == 0 && a.Leased <= a.Limit
        && _reuse.MayReuse(lease.Uses, lease.GrantedAtMs, nowMs, othersWaiting: false);

    private async Task LingerAsync(Guid id)
    {
        await Task.Delay(_reuse.Linger, _time).ConfigureAwait(false);
        int surplus;
        lock (_gate)
        {
            // Taken by a call meanwhile, or handed back by DisposeAsync.
            if (!_idle.Remove(id)) return;
            surplus = Math.Max(0, _asking - _waiting.Count);
        }

        await ReturnAsync(id, null, surplus).ConfigureAwait(false);
    }

    private async Task ReturnAsync(Guid id, bool? success, int surplus)
    {
        try
        {
            var advice = await _grain.ReleaseAsync(new LeaseReturn(Holder, id, success, surplus)).ConfigureAwait(false);
            lock (_gate) _advice = advice;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The model call itself is done; an unreachable grain only means the slot comes back
            // when its lease expires (it is no longer renewed), so this must not fail the call.
            ClusterLog.ReleaseFailed(_log, EndpointId, ex.Message);
        }
    }

    // Under _gate: gives the lease to the longest-waiting call here, or says there is none.
    private bool Deliver(Guid id, HeldLease lease)
    {
        if (_waiting.First is not { } first) return false;
        _waiting.RemoveFirst();
        _held[id] = lease;
        first.Value.SetResult(id);
        return true;
    }

    // Asks the grain for one lease at a time while this holder has more calls waiting than requests out.
    private async Task AskLoopAsync()
    {
        while (true)
        {
            Guid? lease = null;
            Exception? error = null;
            try
            {
                lease = await _grain.AcquireAsync(new LeaseRequest(Holder, _settings, _pollWait)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error = ex;
            }

            Guid? giveBack = null;
            bool stop;
            lock (_gate)
            {
                if (lease is { } id && !Deliver(id, new HeldLease(NowMs()))) giveBack = id;
                if (error is not null && _waiting.First is { } first)
                {
                    // The grain is unreachable: the call fails as it did when it asked the grain itself.
                    _waiting.RemoveFirst();
                    first.Value.SetException(error);
                }

                stop = _disposed || _asking > _waiting.Count;
                if (stop) _asking--;
            }

            // Granted after the call it was for got a handed-off lease (or gave up).
            if (giveBack is { } back) await ReturnAsync(back, null, 0).ConfigureAwait(false);
            if (stop) return;
        }
    }

    private async Task RenewLoopAsync(TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                Guid[] held;
                int successes;
                lock (_gate)
                {
                    held = [.. _held.Keys, .. _idle.Keys];
                    successes = _unreportedSuccesses;
                    _unreportedSuccesses = 0;
                }

                if (held.Length == 0 && successes == 0) continue;
                try
                {
                    var answer = await _grain.RenewAsync(new LeaseRenewal(Holder, held, _settings, successes)).ConfigureAwait(false);
                    lock (_gate) _advice = answer.Advice;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Keep trying: missing renewals only let the leases expire, the safe direction.
                    // The successes are lost to AIMD, which only slows its increase.
                    ClusterLog.RenewFailed(_log, EndpointId, held.Length, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private sealed class HeldLease(long grantedAtMs)
    {
        public long GrantedAtMs { get; } = grantedAtMs;

        public int Uses { get; set; } = 1;
    }
}
