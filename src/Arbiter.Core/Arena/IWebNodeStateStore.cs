namespace Arbiter.Core.Arena;

/// <summary>
/// A battle as its web node saved it for the others, in a form the web layer owns (<paramref name="StateJson"/>),
/// saved at <paramref name="SavedAtMs"/> (UTC unix ms).
/// </summary>
public sealed record ArenaBattleState(string BattleId, string StateJson, long SavedAtMs)
{
    /// <summary>The web layer's name for where the battle is (<c>ready</c> unless told).</summary>
    public string Stage { get; init; } = "ready";

    /// <summary>Grows by one with every change; a replacement names the version it replaces.</summary>
    public long Version { get; init; }

    /// <summary>Another node asked the node streaming this version to stop.</summary>
    public bool StopRequested { get; init; }
}

/// <summary>
/// What several web nodes on one store share besides the votes: battles ready for a vote (so a battle started on one
/// node can be voted on at another) and per-minute request counts (so a client's rate limit counts every node).
/// </summary>
public interface IWebNodeStateStore
{
    /// <summary>Saves (or replaces, whatever its version) a battle's state.</summary>
    Task SaveBattleStateAsync(ArenaBattleState state, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the state only while its version is still <paramref name="expectedVersion"/> (and clears a stop request);
    /// false when another node changed it first or it is gone. The one way two nodes changing one battle cannot both win.
    /// </summary>
    Task<bool> ReplaceBattleStateAsync(ArenaBattleState state, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Asks the node streaming <paramref name="version"/> of the battle to stop; false when the battle is at another version.</summary>
    Task<bool> RequestBattleStopAsync(string battleId, long version, CancellationToken cancellationToken = default);

    /// <summary>Forgets a battle's votable state (it left the ready stage: a follow-up or a regenerate started).</summary>
    Task DeleteBattleStateAsync(string battleId, CancellationToken cancellationToken = default);

    /// <summary>The saved state of the battle, or null.</summary>
    Task<ArenaBattleState?> FindBattleStateAsync(string battleId, CancellationToken cancellationToken = default);

    /// <summary>Counts one request in <paramref name="bucket"/>'s window starting at <paramref name="windowStartMs"/>, atomically over all nodes; returns the count with it.</summary>
    Task<int> CountRequestAsync(string bucket, long windowStartMs, CancellationToken cancellationToken = default);

    /// <summary>Deletes battle states saved before <paramref name="statesBeforeMs"/> and request windows starting before <paramref name="windowsBeforeMs"/>.</summary>
    Task<int> PruneWebNodeStateAsync(long statesBeforeMs, long windowsBeforeMs, CancellationToken cancellationToken = default);
}
