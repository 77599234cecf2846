using Orleans.Runtime;

namespace Arbiter.Cluster.Runs;

/// <summary>
/// Faults of the cluster's messaging, not of a shard's own work: a call to a grain whose silo was killed fails with
/// these until membership declares that silo dead (a few seconds), and then the call finds an activation elsewhere.
/// </summary>
internal static class ClusterFaults
{
    /// <summary>Whether <paramref name="error"/> (or any exception inside it) is one the cluster's messaging raised.</summary>
    public static bool IsMessaging(Exception? error) => error switch
    {
        null => false,
        OrleansMessageRejectionException or SiloUnavailableException => true,
        // Internal to Orleans.Core: known by name. It arrives wrapped as a rejection's message, or on its own.
        _ when error.GetType().FullName == "Orleans.Runtime.Messaging.ConnectionFailedException" => true,
        AggregateException all => all.InnerExceptions.Any(IsMessaging),
        _ => IsMessaging(error.InnerException),
    };
}
