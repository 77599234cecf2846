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
        if (!IsCurrent(lease, nowMs)) return false; // the grain may have given its slot to another holder
        if (advice.Leased > advice.Limit) return false; // AIMD lowered the limit: shrink to it
        return _reuse.MayReuse(lease.Uses, lease.GrantedAtMs, nowMs, advice.OthersWaiting > 0);
    }

    // Under _gate. Only when the grain said recently that no other holder waits (a lingering lease is idle, which costs
    // nobody anything then, even at a full cap) and the limit was not lowered below the leases out.
    private bool MayLinger(HeldLease lease, long nowMs) =>
        _reuse.Linger > TimeSpan.Zero && !_disposed && _advice is { } a && a.OthersWaiting == 0 && a.Leased <= a.Limit
        && IsCurrent(lease, nowMs) && _reuse.MayReuse(lease.Uses, lease.GrantedAtMs, nowMs, othersWaiting: false);

    // Under _gate. Whether the grain surely still holds this lease for this holder, so that it may serve one more call:
    // the grain did not name it lapsed, and last confirmed it less than BudgetTiming.ReuseWindow ago. The grain keeps a
    // lease a lifetime from handling the request that confirmed it, no earlier than its sending (ConfirmedAtMs); past
    // the window, a holder cut off from the grain cannot tell whether its slot went to another holder.
    private bool IsCurrent(HeldLease lease, long nowMs) => !lease.Lapsed && nowMs - lease.ConfirmedAtMs < _reuseWindowMs;

    // Under _gate: lingering leases that may serve no call leave this holder (for ReturnInBackground).
    private List<Guid>? DropStaleIdle(long nowMs)
    {
        List<Guid>? stale = null;
        foreach (var (id, lease) in _idle)
        {
            if (!IsCurrent(lease, nowMs)) (stale ??= []).Add(id);
        }

        foreach (var id in stale ?? []) _idle.Remove(id);
        return stale;
    }

    // Hands back leases this holder may no longer use, without holding up the caller: the grain counts a lapsed lease again
    // when it is renewed (its call might still be running), so returning it frees the slot; an unreachable grain lets it expire.
    private void ReturnInBackground(List<Guid>? ids)
    {
        if (ids is null) return;
        var returning = ids.Select(id => ReturnAsync(id, null, 0)).ToList();
        lock (_gate)
        {
            _returns.RemoveAll(t => t.IsCompleted);
            _returns.AddRange(returning.Where(t => !t.IsCompleted));
        }
    }

    // Under _gate: the grain confirmed the renewed leases as of the renewal's sending, except those it named lapsed, which
    // serve no further call (a lapsed lease lingering idle leaves at once; one in a call goes back when the call ends).
    private List<Guid>? OnRenewed(Guid[] renewed, Guid[] lapsed, long sentMs)
    {
        foreach (var id in renewed)
        {
            // Returned or abandoned meanwhile: nothing to update.
            if (!_held.TryGetValue(id, out var lease) && !_idle.TryGetValue(id, out lease)) continue;
            if (Array.IndexOf(lapsed, id) >= 0) lease.Lapsed = true;
            else lease.ConfirmedAtMs = Math.Max(lease.ConfirmedAtMs, sentMs);
        }

        return DropStaleIdle(NowMs());
    }

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
            var sentMs = NowMs(); // the grant's lifetime starts when the grain handles this request, no earlier
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
                if (lease is { } id && !Deliver(id, new HeldLease(NowMs(), sentMs))) giveBack = id;
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
                long sentMs;
                lock (_gate)
                {
                    held = [.. _held.Keys, .. _idle.Keys];
                    successes = _unreportedSuccesses;
                    _unreportedSuccesses = 0;
                    sentMs = NowMs();
                }

                if (held.Length == 0 && successes == 0) continue;
                try
                {
                    var answer = await _grain.RenewAsync(new LeaseRenewal(Holder, held, _settings, successes)).ConfigureAwait(false);
                    List<Guid>? dropped;
                    lock (_gate)
                    {
                        _advice = answer.Advice;
                        dropped = OnRenewed(held, answer.Lapsed, sentMs);
                    }

                    ReturnInBackground(dropped);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Keep trying: missing renewals only let the leases expire, the safe direction; a lifetime (less one
                    // interval) after their last confirmation they serve no new call here either (IsCurrent).
                    // The successes are lost to AIMD, which only slows its increase.
                    ClusterLog.RenewFailed(_log, EndpointId, held.Length, ex.Message);
                    List<Guid>? stale;
                    lock (_gate) stale = DropStaleIdle(NowMs());
                    ReturnInBackground(stale);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private sealed class HeldLease(long grantedAtMs, long confirmedAtMs)
    {
        public long GrantedAtMs { get; } = grantedAtMs;

        public int Uses { get; set; } = 1;

        // When the grain last vouched for the lease: the sending of the grant request or renewal it answered.
        public long ConfirmedAtMs { get; set; } = confirmedAtMs;

        // The grain named it lapsed: its slot may be another holder's, whatever the clock says.
        public bool Lapsed { get; set; }
    }
}
