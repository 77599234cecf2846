namespace Arbiter.Cluster.Budget;

/// <summary>
/// How long a holder may keep passing a granted lease from a finished call straight to its own next queued call
/// (the hand-off) while other holders wait for a slot. Without a bound, a busy worker would keep its share of a
/// binding cap forever; with it, every lease goes back to the grain's queue after <paramref name="MaxUses"/> calls or
/// <paramref name="MaxHold"/>, whichever comes first, so a waiting worker gets one within that. While nobody else
/// waits, a lease is reused without limit: returning it would only cost the holder a round trip.
/// </summary>
/// <param name="MaxUses">Calls one lease serves before it is returned, while others wait (0 or 1: no hand-off under contention).</param>
/// <param name="MaxHold">How long after its grant a lease is returned, while others wait.</param>
public sealed record LeaseReuse(int MaxUses, TimeSpan MaxHold)
{
    /// <summary>
    /// 32 calls or 2 s: a hand-off through the grain (a release, then a queued grant) costs a few milliseconds on an idle
    /// machine and up to ~0.5 s on a loaded one, so a lease spends most of its life in calls, and a waiting worker gets
    /// its first slot within about 2 s plus one call.
    /// </summary>
    public static readonly LeaseReuse Default = new(32, TimeSpan.FromSeconds(2));

    /// <summary>Every lease goes back to the grain after each call (the behaviour before hand-off; for comparison).</summary>
    public static readonly LeaseReuse Never = new(0, TimeSpan.Zero) { EvenUncontended = false, Linger = TimeSpan.Zero };

    /// <summary>Whether a lease is handed off when nobody else waits (true for every policy but <see cref="Never"/>).</summary>
    public bool EvenUncontended { get; init; } = true;

    /// <summary>
    /// How long a finished call's lease waits at its holder for the holder's next call when none is queued yet and no
    /// other holder waits (zero: returned at once). A worker takes its own slot before the lease, so its next call usually asks a
    /// moment after the last one finished; without this, every call would cost a release and a grant round trip to the grain.
    /// </summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Whether a lease granted at <paramref name="grantedAtMs"/> that has served <paramref name="uses"/> calls may serve one more.</summary>
    public bool MayReuse(int uses, long grantedAtMs, long nowMs, bool othersWaiting) =>
        othersWaiting ? uses < MaxUses && nowMs - grantedAtMs < (long)MaxHold.TotalMilliseconds : EvenUncontended;
}
