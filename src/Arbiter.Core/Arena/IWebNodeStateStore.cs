namespace Arbiter.Core.Arena;

/// <summary>
/// A battle that can be voted on, as its web node saved it for the others: what a vote needs, in a form the web layer
/// owns (<paramref name="StateJson"/>), saved at <paramref name="SavedAtMs"/> (UTC unix ms).
/// </summary>
public sealed record ArenaBattleState(string BattleId, string StateJson, long SavedAtMs);

/// <summary>
/// What several web nodes on one store share besides the votes: battles ready for a vote (so a battle started on one
/// node can be voted on at another) and per-minute request counts (so a client's rate limit counts every node).
/// </summary>
public interface IWebNodeStateStore
{
    /// <summary>Saves (or replaces) a battle's votable state.</summary>
    Task SaveBattleStateAsync(ArenaBattleState state, CancellationToken cancellationToken = default);

    /// <summary>Forgets a battle's votable state (it left the ready stage: a follow-up or a regenerate started).</summary>
    Task DeleteBattleStateAsync(string battleId, CancellationToken cancellationToken = default);

    /// <summary>The saved state of the battle, or null.</summary>
    Task<ArenaBattleState?> FindBattleStateAsync(string battleId, CancellationToken cancellationToken = default);

    /// <summary>Counts one request in <paramref name="bucket"/>'s window starting at <paramref name="windowStartMs"/>, atomically over all nodes; returns the count with it.</summary>
    Task<int> CountRequestAsync(string bucket, long windowStartMs, CancellationToken cancellationToken = default);

    /// <summary>Deletes battle states saved before <paramref name="statesBeforeMs"/> and request windows starting before <paramref name="windowsBeforeMs"/>.</summary>
    Task<int> PruneWebNodeStateAsync(long statesBeforeMs, long windowsBeforeMs, CancellationToken cancellationToken = default);
}
