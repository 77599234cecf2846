using Arbiter.Core.Arena;
using Arbiter.Storage.Rows;
using Npgsql;

namespace Arbiter.Storage.Postgres;

/// <summary>The arena roster changes made by an administrator, in PostgreSQL.</summary>
public sealed partial class PostgresRunStore : IArenaRosterStore
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
        QueryAsync("read arena models", StoredRoster.ReadModels, [], StoredRoster.ReadModel, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ArenaModelState> ReadArenaModelStatesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("read arena model states", StoredRoster.ReadStates, [], StoredRoster.ReadState, cancellationToken);

    /// <summary>Runs the statements in one transaction; returns the last one's row count.</summary>
    private Task<int> WriteRosterAsync(string operation, (string Sql, (string Name, object Value)[] Parameters)[] statements,
        CancellationToken cancellationToken) =>
        RunAsync(operation, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var rows = 0;
            foreach (var (sql, parameters) in statements)
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                command.Parameters.AddRange(ToParameters([.. parameters]));
                rows = await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return rows;
        }, cancellationToken);
}
