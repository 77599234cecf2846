namespace Arbiter.Cluster.Budget;

/// <summary>
/// How often holders renew their leases and how long a freshly activated budget grain waits before it grants any.
/// The grain keeps its lease table in memory: when the silo hosting it dies, the grain re-activates elsewhere with an
/// empty table while calls granted by the old activation are still in flight. Granting at once would let the sum over
/// workers exceed the endpoint's cap; waiting until every live holder has renewed (and so re-adopted) its leases keeps
/// the cap. The price is this grace once per activation — also on a budget's first use, since a grain cannot tell a
/// first activation from a re-activation without durable state.
/// </summary>
public static class BudgetTiming
{
    private static readonly TimeSpan MaxRenewInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a holder renews its leases: a third of their lifetime, at most every 500 ms.</summary>
    public static TimeSpan RenewInterval(TimeSpan leaseTtl) => leaseTtl / 3 < MaxRenewInterval ? leaseTtl / 3 : MaxRenewInterval;

    /// <summary>
    /// How long after the grain last confirmed a lease (the sending of the grant request or renewal it answered) its holder
    /// may still start a call on it by hand-off or linger: a lifetime less one renewal interval. The grain keeps the lease at
    /// least a lifetime from that moment, so a holder cut off from the grain stops reusing it before its slot can go to
    /// another holder; while renewals arrive, each one moves the window on, and the margin leaves a late answer room.
    /// </summary>
    public static TimeSpan ReuseWindow(TimeSpan leaseTtl) => leaseTtl - RenewInterval(leaseTtl);

    /// <summary>How long a new activation grants nothing: two renewal rounds and a margin for the message to arrive.</summary>
    public static TimeSpan Grace(TimeSpan leaseTtl) => RenewInterval(leaseTtl) * 2 + TimeSpan.FromMilliseconds(100);
}
