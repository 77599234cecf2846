using System.Collections.Concurrent;

namespace Arbiter.Simulator;

/// <summary>
/// Decides which fault (if any) an attempt gets. Attempts are counted per request-body hash, and the
/// draw is hash(seed, body, attempt): a retry is a new draw, but the sequence is the same every run.
/// </summary>
internal sealed class FaultPlanner(ulong seed)
{
    private const ulong ContentFilterSalt = 0xC0_17E7_F117;
    private readonly ConcurrentDictionary<ulong, int> _attempts = new();

    public void Reset() => _attempts.Clear();

    public SimFault Decide(FaultProfile faults, ulong bodyHash)
    {
        if (!faults.IsActive)
        {
            return SimFault.None;
        }

        int attempt = _attempts.AddOrUpdate(bodyHash, 1, static (_, n) => n + 1);
        if (faults.FailFirstAttempts > 0)
        {
            return attempt <= faults.FailFirstAttempts ? faults.ForcedFault : SimFault.None;
        }

        double u = StableHash.Unit(StableHash.Mix(seed, bodyHash, (ulong)attempt));
        foreach (var (kind, rate) in (ReadOnlySpan<(SimFault, double)>)
        [
            (SimFault.RateLimited, faults.Rate429),
            (SimFault.ServerError, faults.Rate500),
            (SimFault.Hang, faults.RateHang),
            (SimFault.TruncatedStream, faults.RateTruncatedStream),
            (SimFault.MalformedJson, faults.RateMalformedJson),
        ])
        {
            if (u < rate)
            {
                return kind;
            }

            u -= rate;
        }

        // Per body, not per attempt: the same content is filtered every time, as with a real provider.
        return StableHash.Unit(StableHash.Mix(seed, bodyHash, ContentFilterSalt)) < faults.RateContentFilter
            ? SimFault.ContentFilter
            : SimFault.None;
    }
}
