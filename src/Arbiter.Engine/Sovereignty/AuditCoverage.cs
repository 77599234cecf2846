using Arbiter.Core.Audit;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;

namespace Arbiter.Engine.Sovereignty;

/// <summary>A stored sample whose call has no outcome entry in the audit log.</summary>
/// <param name="RunId">The sample's run.</param>
/// <param name="ItemId">The sample's item.</param>
/// <param name="Epoch">The sample's epoch.</param>
/// <param name="CompletedAtMs">When the sample was stored.</param>
public sealed record AuditGap(string RunId, string ItemId, int Epoch, long CompletedAtMs);

/// <summary>What the cross-check of samples against audit entries found.</summary>
/// <param name="SamplesChecked">Live (non-cached) samples that were checked.</param>
/// <param name="SamplesBeforeLinking">Samples stored before audit entries named their run (older versions): not checkable.</param>
/// <param name="Missing">Samples without an outcome entry: the log misses these calls.</param>
/// <param name="InFlightAtCrash">Intents without an outcome whose run has since ended or whose process is gone: the request may have reached the endpoint and its answer was lost.</param>
/// <param name="InFlightNow">Intents without an outcome whose run is still being run (live lease): not a fault.</param>
public sealed record AuditCoverageReport(long SamplesChecked, long SamplesBeforeLinking, IReadOnlyList<AuditGap> Missing,
    IReadOnlyList<AuditEntry> InFlightAtCrash, IReadOnlyList<AuditEntry> InFlightNow)
{
    /// <summary>True when every checked sample has its entry and no intent was left open by a crash.</summary>
    public bool Complete => Missing.Count == 0 && InFlightAtCrash.Count == 0;
}

/// <summary>
/// Cross-checks the store's samples against the audit log: every sample that came from a call
/// (not from the cache) must have an outcome entry for its run, item and epoch, and every intent
/// must have an outcome. The hash chain proves the log was not altered; this proves it is not missing calls.
/// </summary>
public static class AuditCoverage
{
    /// <summary>How long an intent outside any run (arena, ping) may stay open before it counts as lost at a crash.</summary>
    public static readonly TimeSpan UnattachedGrace = TimeSpan.FromHours(1);

    /// <summary>Runs the cross-check; <paramref name="leases"/> (optional) tells a live run from a crashed one.</summary>
    public static async Task<AuditCoverageReport> CheckAsync(IRunStore store, IAuditLogStore audit, IRunLeaseStore? leases, long nowMs,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(audit);
        long? linkedSince = null;
        var outcomes = new HashSet<(string RunId, string? ItemId, int? Epoch)>();
        var closed = new HashSet<string>(StringComparer.Ordinal);
        var intents = new List<AuditEntry>();
        await foreach (var e in audit.ReadAuditLogAsync(cancellationToken).ConfigureAwait(false))
        {
            if (e.CallId is null) continue;
            linkedSince ??= e.TimeMs;
            if (e.Outcome == AuditOutcomes.Intent)
            {
                intents.Add(e);
                continue;
            }

            closed.Add(e.CallId);
            if (e.RunId is not null) outcomes.Add((e.RunId, e.ItemId, e.Epoch));
        }

        var runs = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        await foreach (var run in store.ListRunsAsync(cancellationToken).ConfigureAwait(false)) runs[run.RunId] = run;

        long checkedCount = 0, before = 0;
        var missing = new List<AuditGap>();
        foreach (var run in runs.Values.OrderBy(r => r.CreatedAtMs))
        {
            await foreach (var s in store.ReadSamplesAsync(run.RunId, cancellationToken).ConfigureAwait(false))
            {
                if (s.CacheHit) continue;
                // Samples written before this build cannot name their entry; a later one must.
                if (linkedSince is null || s.CompletedAtMs < linkedSince) { before++; continue; }
                checkedCount++;
                if (!outcomes.Contains((s.RunId, s.ItemId, s.Epoch))) missing.Add(new AuditGap(s.RunId, s.ItemId, s.Epoch, s.CompletedAtMs));
            }
        }

        var crashed = new List<AuditEntry>();
        var inFlight = new List<AuditEntry>();
        foreach (var intent in intents.Where(i => !closed.Contains(i.CallId!)))
        {
            if (await IsOpenNowAsync(intent, runs, leases, nowMs, cancellationToken).ConfigureAwait(false)) inFlight.Add(intent);
            else crashed.Add(intent);
        }

        return new AuditCoverageReport(checkedCount, before, missing, crashed, inFlight);
    }

    private static async Task<bool> IsOpenNowAsync(AuditEntry intent, Dictionary<string, RunRecord> runs, IRunLeaseStore? leases, long nowMs,
        CancellationToken cancellationToken)
    {
        if (intent.RunId is null || !runs.TryGetValue(intent.RunId, out var run)) return nowMs - intent.TimeMs < UnattachedGrace.TotalMilliseconds;
        // The run ended after the intent, so the call can no longer be in flight.
        if (run.FinishedAtMs is { } end && end >= intent.TimeMs) return false;
        if (leases is null) return nowMs - intent.TimeMs < UnattachedGrace.TotalMilliseconds;
        var lease = await leases.GetLeaseAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        // A live lease renewed since the intent: the process that sent it is still working.
        return lease is not null && lease.ExpiresAtMs > nowMs && lease.RenewedAtMs >= intent.TimeMs - (long)TimeSpan.FromMinutes(1).TotalMilliseconds;
    }
}
