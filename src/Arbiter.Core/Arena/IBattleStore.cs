namespace Arbiter.Core.Arena;

/// <summary>Persistence for arena battles (votes and judge verdicts). Implemented by both run stores.</summary>
public interface IBattleStore
{
    /// <summary>
    /// Adds battles in one transaction; a battle whose id is stored already is skipped (idempotent
    /// re-import). Returns the number of battles actually added.
    /// </summary>
    Task<int> AddBattlesAsync(IReadOnlyList<ArenaBattle> battles, CancellationToken cancellationToken = default);

    /// <summary>Battles passing <paramref name="filter"/>, ordered by timestamp then id (a stable order, so seeded bootstraps repeat).</summary>
    IAsyncEnumerable<ArenaBattle> ReadBattlesAsync(BattleFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Number of battles passing <paramref name="filter"/>.</summary>
    Task<long> CountBattlesAsync(BattleFilter? filter = null, CancellationToken cancellationToken = default);
}
