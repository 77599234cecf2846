using Arbiter.Cluster.Runs;
using Orleans.Runtime;

namespace Arbiter.Cluster.Tests.Runs;

/// <summary>Which shard faults are the cluster's messaging (a killed silo) and so restart the shard without counting as failures.</summary>
public sealed class ClusterFaultsTests
{
    [Fact]
    public void Messaging_faults_are_found_however_they_are_wrapped()
    {
        // Orleans makes these itself (no public constructor): an instance of the type is all the check reads.
        var rejected = (Exception)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(OrleansMessageRejectionException));
        Assert.True(ClusterFaults.IsMessaging(rejected));
        Assert.True(ClusterFaults.IsMessaging(new SiloUnavailableException()));
        Assert.True(ClusterFaults.IsMessaging(new AggregateException(new InvalidOperationException("x", rejected))));
        Assert.True(ClusterFaults.IsMessaging(new AggregateException(new TimeoutException(), new SiloUnavailableException())));
    }

    [Fact]
    public void A_shards_own_errors_are_not()
    {
        Assert.False(ClusterFaults.IsMessaging(null));
        Assert.False(ClusterFaults.IsMessaging(new InvalidOperationException("the store is unreachable")));
        Assert.False(ClusterFaults.IsMessaging(new AggregateException(new IOException("disk full"), new ArgumentException("bad spec"))));
    }
}
