using Arbiter.Core.Arena;

namespace Arbiter.Storage.Rows;

/// <summary>
/// <see cref="IWebNodeStateStore"/> written once for both stores (the same SQL in both dialects) on the vote claims'
/// transaction, the roster's writes and the labelling dialect's queries.
/// </summary>
internal interface IWebNodeStateDialect : IWebNodeStateStore, IVoteClaimDialect, ILabellingDialect
{
    async Task IWebNodeStateStore.SaveBattleStateAsync(ArenaBattleState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await WriteRosterAsync("save battle state", [(StoredWebNodeState.Save,
            [("@battle", state.BattleId), ("@state", state.StateJson), ("@at", state.SavedAtMs), ("@stage", state.Stage), ("@version", state.Version)])],
            cancellationToken);
    }

    async Task<bool> IWebNodeStateStore.ReplaceBattleStateAsync(ArenaBattleState state, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        // One conditional statement: atomic in both dialects, so of two nodes replacing the same version one changes no row.
        return await WriteRosterAsync("replace battle state", [(StoredWebNodeState.Replace,
            [("@battle", state.BattleId), ("@state", state.StateJson), ("@at", state.SavedAtMs), ("@stage", state.Stage), ("@version", state.Version),
                ("@expected", expectedVersion)])], cancellationToken) > 0;
    }

    async Task<bool> IWebNodeStateStore.RequestBattleStopAsync(string battleId, long version, CancellationToken cancellationToken) =>
        await WriteRosterAsync("request battle stop",
            [("UPDATE battle_states SET stop_requested = 1 WHERE battle_id = @battle AND version = @version", [("@battle", battleId), ("@version", version)])],
            cancellationToken) > 0;

    async Task IWebNodeStateStore.DeleteBattleStateAsync(string battleId, CancellationToken cancellationToken) =>
        await WriteRosterAsync("delete battle state", [("DELETE FROM battle_states WHERE battle_id = @battle", [("@battle", battleId)])], cancellationToken);

    async Task<ArenaBattleState?> IWebNodeStateStore.FindBattleStateAsync(string battleId, CancellationToken cancellationToken)
    {
        await foreach (var state in QueryLabellingAsync("find battle state", StoredWebNodeState.Find, [("@battle", battleId)],
            r => new ArenaBattleState(r.GetString(0), r.GetString(1), r.GetInt64(2))
            {
                Stage = r.GetString(3),
                Version = r.GetInt64(4),
                StopRequested = r.GetInt64(5) != 0,
            }, cancellationToken))
        {
            return state;
        }

        return null;
    }

    Task<int> IWebNodeStateStore.CountRequestAsync(string bucket, long windowStartMs, CancellationToken cancellationToken) =>
        // One statement, atomic in both dialects: concurrent requests on any node each see their own count.
        InClaimTransactionAsync("count request", [], async (connection, transaction) =>
            (int)await StoredVoteClaims.ScalarAsync(connection, transaction, StoredWebNodeState.Count, [("@bucket", bucket), ("@start", windowStartMs)],
                cancellationToken), cancellationToken);

    async Task<int> IWebNodeStateStore.PruneWebNodeStateAsync(long statesBeforeMs, long windowsBeforeMs, CancellationToken cancellationToken)
    {
        var states = await WriteRosterAsync("prune battle states", [("DELETE FROM battle_states WHERE saved_at_ms < @before", [("@before", statesBeforeMs)])],
            cancellationToken);
        return states + await WriteRosterAsync("prune request windows",
            [("DELETE FROM request_windows WHERE window_start_ms < @before", [("@before", windowsBeforeMs)])], cancellationToken);
    }
}

/// <summary>Statements of <c>battle_states</c> and <c>request_windows</c>.</summary>
internal static class StoredWebNodeState
{
    public const string Save =
        "INSERT INTO battle_states (battle_id, state_json, saved_at_ms, stage, version, stop_requested) VALUES (@battle, @state, @at, @stage, @version, 0) " +
        "ON CONFLICT (battle_id) DO UPDATE SET state_json = excluded.state_json, saved_at_ms = excluded.saved_at_ms, stage = excluded.stage, " +
        "version = excluded.version, stop_requested = 0";

    public const string Replace =
        "UPDATE battle_states SET state_json = @state, saved_at_ms = @at, stage = @stage, version = @version, stop_requested = 0 " +
        "WHERE battle_id = @battle AND version = @expected";

    public const string Find = "SELECT battle_id, state_json, saved_at_ms, stage, version, stop_requested FROM battle_states WHERE battle_id = @battle";

    public const string Count =
        "INSERT INTO request_windows (bucket, window_start_ms, requests) VALUES (@bucket, @start, 1) " +
        "ON CONFLICT (bucket, window_start_ms) DO UPDATE SET requests = request_windows.requests + 1 RETURNING requests";
}
