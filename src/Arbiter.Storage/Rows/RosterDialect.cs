using System.Data.Common;
using Arbiter.Core.Arena;

namespace Arbiter.Storage.Rows;

/// <summary>
/// <see cref="IArenaRosterStore"/> written once for both stores: the SQL is the same in both
/// dialects, so a store supplies only how it runs statements in a transaction and how it streams rows.
/// </summary>
internal interface IRosterDialect : IArenaRosterStore
{
    /// <summary>Runs the statements in one transaction; returns the last one's row count.</summary>
    Task<int> WriteRosterAsync(string operation, (string Sql, (string Name, object Value)[] Parameters)[] statements, CancellationToken cancellationToken);

    /// <summary>Streams the rows of a parameterless query.</summary>
    IAsyncEnumerable<T> QueryRosterAsync<T>(string operation, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken);

    async Task<bool> IArenaRosterStore.AddArenaModelAsync(StoredArenaModel model, CancellationToken cancellationToken) =>
        await WriteRosterAsync("add arena model", StoredRoster.Add(model), cancellationToken) > 0;

    async Task<bool> IArenaRosterStore.RemoveArenaModelAsync(string modelId, CancellationToken cancellationToken) =>
        await WriteRosterAsync("remove arena model", StoredRoster.Remove(modelId), cancellationToken) > 0;

    Task IArenaRosterStore.SetArenaModelStateAsync(ArenaModelState state, CancellationToken cancellationToken) =>
        WriteRosterAsync("set arena model state", StoredRoster.Set(state), cancellationToken);

    IAsyncEnumerable<StoredArenaModel> IArenaRosterStore.ReadArenaModelsAsync(CancellationToken cancellationToken) =>
        QueryRosterAsync("read arena models", StoredRoster.ReadModels, StoredRoster.ReadModel, cancellationToken);

    IAsyncEnumerable<ArenaModelState> IArenaRosterStore.ReadArenaModelStatesAsync(CancellationToken cancellationToken) =>
        QueryRosterAsync("read arena model states", StoredRoster.ReadStates, StoredRoster.ReadState, cancellationToken);
}
