using Arbiter.Core.Arena;
using Arbiter.Storage.Rows;
using Microsoft.Data.Sqlite;

namespace Arbiter.Storage.Sqlite;

/// <summary>Arena battles in SQLite.</summary>
public sealed partial class SqliteRunStore : IBattleStore
{
    /// <inheritdoc />
    public async Task<int> AddBattlesAsync(IReadOnlyList<ArenaBattle> battles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(battles);
        if (battles.Count == 0)
        {
            return 0;
        }

        var added = await WriteAsync("add battles", session =>
        {
            using var transaction = session.Connection.BeginTransaction();
            using var command = session.Connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO battles ({StoredBattles.Columns}) VALUES ({StoredBattles.Placeholders("p")}) ON CONFLICT (battle_id) DO NOTHING";
            var parameters = new SqliteParameter[StoredBattles.ColumnCount];
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] = command.Parameters.Add(new SqliteParameter("@p" + i, null));
            }

            command.Prepare();
            int count = 0;
            foreach (var battle in battles)
            {
                cancellationToken.ThrowIfCancellationRequested();
                object[] values = StoredBattles.Values(battle, static s => s);
                for (int i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i];
                }

                count += command.ExecuteNonQuery();
            }

            transaction.Commit();
            return Task.FromResult(count);
        }, cancellationToken);
        _checkpointer.OnCommitted();
        return added;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ArenaBattle> ReadBattlesAsync(BattleFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = StoredBattles.Where(filter, "1");
        return QueryAsync("read battles", $"SELECT {StoredBattles.Columns} FROM battles{where}{StoredBattles.OrderBy}",
            p => Bind(p, parameters), StoredBattles.Read, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> CountBattlesAsync(BattleFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = StoredBattles.Where(filter, "1");
        long count = 0;
        await foreach (var n in QueryAsync("count battles", $"SELECT COUNT(*) FROM battles{where}", p => Bind(p, parameters),
            r => r.GetInt64(0), cancellationToken))
        {
            count = n;
        }

        return count;
    }

    private static void Bind(SqliteParameterCollection p, List<(string Name, object Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            p.AddWithValue(name, value);
        }
    }
}
