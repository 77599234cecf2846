using Arbiter.Core.Arena;
using Arbiter.Storage.Rows;

namespace Arbiter.Storage.Sqlite;

/// <summary>The arena roster changes made by an administrator, in SQLite.</summary>
public sealed partial class SqliteRunStore : IArenaRosterStore
{
    /// <inheritdoc />
    public async Task<bool> AddArenaModelAsync(StoredArenaModel model, CancellationToken cancellationToken = default) =>
        await WriteRosterAsync("add arena model", StoredRoster.Add(model), cancellationToken) > 0;

    /// <inheritdoc />
    public async Task<bool> RemoveArenaModelAsync(string modelId, CancellationToken cancellationToken = default) =>
        await WriteRosterAsync("remove arena model", StoredRoster.Remove(modelId), cancellationToken) > 0;

    /// <inheritdoc />
    public Task SetArenaModelStateAsync(ArenaModelState state, CancellationToken cancellationToken = default) =>
        WriteRosterAsync("set arena model state", StoredRoster.Set(state), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<StoredArenaModel> ReadArenaModelsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("read arena models", StoredRoster.ReadModels, _ => { }, StoredRoster.ReadModel, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ArenaModelState> ReadArenaModelStatesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("read arena model states", StoredRoster.ReadStates, _ => { }, StoredRoster.ReadState, cancellationToken);

    /// <summary>Runs the statements in one transaction; returns the last one's row count.</summary>
    private async Task<int> WriteRosterAsync(string operation, (string Sql, (string Name, object Value)[] Parameters)[] statements,
        CancellationToken cancellationToken)
    {
        var changed = await WriteAsync(operation, session =>
        {
            using var transaction = session.Connection.BeginTransaction();
            var rows = 0;
            foreach (var (sql, parameters) in statements)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var command = session.Connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                Bind(command.Parameters, [.. parameters]);
                rows = command.ExecuteNonQuery();
            }

            transaction.Commit();
            return Task.FromResult(rows);
        }, cancellationToken);
        _checkpointer.OnCommitted();
        return changed;
    }
}
