using Arbiter.Core.Arena;

namespace Arbiter.Engine.Arena.Integrity;

/// <summary>Whether a request fits its per-minute limit, and when the window that refused it ends.</summary>
/// <param name="Allowed">The request is within the limit (it was counted either way).</param>
/// <param name="RetryAfter">Time until the current window ends.</param>
public sealed record RequestAllowance(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// Per-minute request limits counted in the shared store, so a client spreading requests over several web nodes meets
/// one limit, not one per node. Fixed one-minute windows (UTC minute boundaries, the same on every node); a client is
/// the HMAC-SHA256 of its address under the operator's secret, so the store never holds an address.
/// </summary>
public sealed class RequestWindows
{
    /// <summary>The window length.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Old windows and battle states are deleted at most this often, by whichever request comes first after it.
    private const long PruneEveryMs = 10 * 60_000;
    private readonly IWebNodeStateStore _store;
    private readonly KeyedHash _hash;
    private readonly TimeProvider _time;
    private readonly long _keepStatesMs;
    private long _nextPruneMs;

    /// <summary>Creates the counter.</summary>
    /// <param name="store">The shared store.</param>
    /// <param name="secret">The operator's secret (≥ 16 bytes); the same on every node, or the nodes count a client apart.</param>
    /// <param name="keepStates">How long a saved battle state is kept (the battle token lifetime); pruned with the windows.</param>
    /// <param name="time">The clock.</param>
    public RequestWindows(IWebNodeStateStore store, byte[] secret, TimeSpan keepStates, TimeProvider? time = null)
    {
        _hash = new KeyedHash(secret, "arbiter request window");
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _keepStatesMs = (long)keepStates.TotalMilliseconds;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Counts a request of <paramref name="client"/> under <paramref name="policy"/> and says whether it is within <paramref name="perMinute"/>.</summary>
    public async Task<RequestAllowance> TakeAsync(string policy, string client, int perMinute, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(policy);
        ArgumentNullException.ThrowIfNull(client);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = (long)Window.TotalMilliseconds;
        var start = now - (now % windowMs);
        var bucket = policy + ":" + _hash.Hex(client);
        var count = await _store.CountRequestAsync(bucket, start, cancellationToken).ConfigureAwait(false);
        await PruneIfDueAsync(now, start, cancellationToken).ConfigureAwait(false);
        return new RequestAllowance(count <= perMinute, TimeSpan.FromMilliseconds(start + windowMs - now));
    }

    private async Task PruneIfDueAsync(long nowMs, long windowStartMs, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextPruneMs);
        if (nowMs < due || Interlocked.CompareExchange(ref _nextPruneMs, nowMs + PruneEveryMs, due) != due) return;
        await _store.PruneWebNodeStateAsync(nowMs - _keepStatesMs, windowStartMs, cancellationToken).ConfigureAwait(false);
    }
}
