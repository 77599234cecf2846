using Microsoft.Extensions.Logging;

namespace Arbiter.Cluster;

/// <summary>All of the cluster's log messages in one place.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Releasing a slot of endpoint {Endpoint} failed; it returns when its lease expires: {Error}")]
    public static partial void ReleaseFailed(ILogger logger, string endpoint, string error);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "Renewing {Count} leases of endpoint {Endpoint} failed; retrying: {Error}")]
    public static partial void RenewFailed(ILogger logger, string endpoint, int count, string error);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Information, Message = "Shard {Shard} started here ({Items} items)")]
    public static partial void ShardStarted(ILogger logger, string shard, int items);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Warning, Message = "Shard {Shard} is unreachable, asking again: {Error}")]
    public static partial void ShardUnreachable(ILogger logger, string shard, string error);

    [LoggerMessage(EventId = 1705, Level = LogLevel.Warning, Message = "Shard {Shard} failed (attempt {Attempt}), starting it again: {Error}")]
    public static partial void ShardFailed(ILogger logger, string shard, int attempt, string error);
}
