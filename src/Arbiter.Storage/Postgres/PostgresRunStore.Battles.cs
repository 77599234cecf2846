using Arbiter.Core.Arena;
using Arbiter.Storage.Rows;
using Npgsql;

namespace Arbiter.Storage.Postgres;

/// <summary>Arena battles in PostgreSQL.</summary>
public sealed partial class PostgresRunStore : IBattleStore
{
    // Rows per statement batch: large imports go in a few round trips, in one transaction.
    private const int BattleChunk = 500;

    /// <inheritdoc />
    public async Task<int> AddBattlesAsync(IReadOnlyList<ArenaBattle> battles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(battles);
        if (battles.Count == 0)
        {
            return 0;
        }

        string sql = $"INSERT INTO battles ({StoredBattles.Columns}) VALUES ({StoredBattles.Placeholders("p")}) ON CONFLICT (battle_id) DO NOTHING";
        return await RunAsync("add battles", async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            int added = 0;
            for (int start = 0; start < battles.Count; start += BattleChunk)
            {
                await using var batch = new NpgsqlBatch(connection, transaction);
                for (int k = start; k < Math.Min(battles.Count, start + BattleChunk); k++)
                {
                    var command = new NpgsqlBatchCommand(sql);
                    object[] values = StoredBattles.Values(battles[k], Clean);
                    for (int i = 0; i < values.Length; i++)
                    {
                        command.Parameters.AddWithValue("p" + i, values[i]);
                    }

                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken);
                foreach (NpgsqlBatchCommand command in batch.BatchCommands)
                {
                    added += command.RecordsAffected;
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return added;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ArenaBattle> ReadBattlesAsync(BattleFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = StoredBattles.Where(filter, "TRUE");
        return QueryAsync("read battles", $"SELECT {StoredBattles.Columns} FROM battles{where}{StoredBattles.OrderBy}",
            ToParameters(parameters), StoredBattles.Read, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> CountBattlesAsync(BattleFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = StoredBattles.Where(filter, "TRUE");
        long count = 0;
        await foreach (var n in QueryAsync("count battles", $"SELECT COUNT(*) FROM battles{where}", ToParameters(parameters),
            r => r.GetInt64(0), cancellationToken))
        {
            count = n;
        }

        return count;
    }

    private static NpgsqlParameter[] ToParameters(List<(string Name, object Value)> parameters) =>
        [.. parameters.Select(p => new NpgsqlParameter(p.Name[1..], Clean(p.Value as string) ?? p.Value))];

    // PostgreSQL text cannot hold NUL; SQLite can. Replace it rather than fail the whole import.
    private static string? Clean(string? value) =>
        value is not null && value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;
}
