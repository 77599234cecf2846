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
            [("@battle", state.BattleId), ("@state", state.StateJson), ("@at", state.SavedAtMs)])], cancellationToken);
    }

    async Task IWebNodeStateStore.DeleteBattleStateAsync(string battleId, CancellationToken cancellationToken) =>
        await WriteRosterAsync("delete battle state", [("DELETE FROM battle_states WHERE battle_id = @battle", [("@battle", battleId)])], cancellationToken);

    async Task<ArenaBattleState?> IWebNodeStateStore.FindBattleStateAsync(string battleId, CancellationToken cancellationToken)
    {
        await foreach (var state in QueryLabellingAsync("find battle state", StoredWebNodeState.Find, [("@battle", battleId)],
            r => new ArenaBattleState(r.GetString(0), r.GetString(1), r.GetInt64(2)), cancellationToken))
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
        "INSERT INTO battle_states (battle_id, state_json, saved_at_ms) VALUES (@battle, @state, @at) " +
        "ON CONFLICT (battle_id) DO UPDATE SET state_json = excluded.state_json, saved_at_ms = excluded.saved_at_ms";

    public const string Find = "SELECT battle_id, state_json, saved_at_ms FROM battle_states WHERE battle_id = @battle";

    public const string Count =
        "INSERT INTO request_windows (bucket, window_start_ms, requests) VALUES (@bucket, @start, 1) " +
        "ON CONFLICT (bucket, window_start_ms) DO UPDATE SET requests = request_windows.requests + 1 RETURNING requests";
}
