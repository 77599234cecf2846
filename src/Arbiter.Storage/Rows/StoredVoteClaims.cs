using System.Data.Common;
using Arbiter.Core.Arena;

namespace Arbiter.Storage.Rows;

/// <summary>
/// <see cref="IVoteClaimStore"/> written once for both stores: a store supplies only a transaction that is
/// serialized against other claims of the same keys (PostgreSQL: advisory locks; SQLite: the file's write lock).
/// </summary>
internal interface IVoteClaimDialect : IVoteClaimStore, IRosterDialect
{
    /// <summary>Runs <paramref name="work"/> in one transaction holding a lock on each of <paramref name="lockKeys"/>, then commits.</summary>
    Task<T> InClaimTransactionAsync<T>(string operation, IReadOnlyList<string> lockKeys, Func<DbConnection, DbTransaction, Task<T>> work,
        CancellationToken cancellationToken);

    Task<VoteClaimResult> IVoteClaimStore.ClaimVoteAsync(VoteClaim claim, long windowStartMs, Func<VoteWindow, bool> admit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(admit);
        // Sorted, so two claims needing the same two locks take them in the same order (no deadlock).
        string[] keys = [.. new[] { "voter:" + claim.Voter, "client:" + claim.ClientHash }.Order(StringComparer.Ordinal)];
        return InClaimTransactionAsync("claim vote", keys, async (connection, transaction) =>
        {
            var none = new VoteWindow(0, 0, 0, 0);
            if (await StoredVoteClaims.ScalarAsync(connection, transaction, StoredVoteClaims.Exists, [("@battle", claim.BattleId)], cancellationToken) > 0)
            {
                return new VoteClaimResult(VoteClaimOutcome.Replayed, none);
            }

            var window = await StoredVoteClaims.WindowAsync(connection, transaction, claim, windowStartMs, cancellationToken);
            if (!admit(window)) return new VoteClaimResult(VoteClaimOutcome.Refused, window);
            // A racing claim of the same battle under other locks (another voter) loses here: the primary key decides.
            var added = await StoredVoteClaims.ExecuteAsync(connection, transaction, StoredVoteClaims.Insert, StoredVoteClaims.Parameters(claim), cancellationToken);
            return new VoteClaimResult(added == 1 ? VoteClaimOutcome.Claimed : VoteClaimOutcome.Replayed, added == 1 ? window : none);
        }, cancellationToken);
    }

    Task<bool> IVoteClaimStore.IsVoteClaimedAsync(string battleId, CancellationToken cancellationToken) =>
        InClaimTransactionAsync("read vote claim", [], async (connection, transaction) =>
            await StoredVoteClaims.ScalarAsync(connection, transaction, StoredVoteClaims.Exists, [("@battle", battleId)], cancellationToken) > 0,
            cancellationToken);

    Task<int> IVoteClaimStore.PruneVoteClaimsAsync(long beforeMs, CancellationToken cancellationToken) =>
        WriteRosterAsync("prune vote claims", [("DELETE FROM vote_claims WHERE at_ms < @before", [("@before", beforeMs)])], cancellationToken);
}

/// <summary>Statements of <c>vote_claims</c> (the same SQL in both dialects).</summary>
internal static class StoredVoteClaims
{
    public const string Exists = "SELECT COUNT(*) FROM vote_claims WHERE battle_id = @battle";

    public const string Insert =
        "INSERT INTO vote_claims (battle_id, voter, client_hash, prompt_hash, at_ms) VALUES (@battle, @voter, @client, @prompt, @at) " +
        "ON CONFLICT (battle_id) DO NOTHING";

    private const string Window =
        "SELECT (SELECT COUNT(*) FROM vote_claims WHERE voter = @voter AND at_ms >= @from), " +
        "(SELECT COUNT(*) FROM vote_claims WHERE client_hash = @client AND at_ms >= @from), " +
        "(SELECT COUNT(*) FROM vote_claims WHERE prompt_hash = @prompt AND at_ms >= @from), " +
        "(SELECT COUNT(DISTINCT voter) FROM vote_claims WHERE client_hash = @client AND at_ms >= @from AND voter <> @voter), " +
        "(SELECT COUNT(DISTINCT client_hash) FROM vote_claims WHERE voter = @voter AND at_ms >= @from AND client_hash <> @client)";

    public static (string Name, object Value)[] Parameters(VoteClaim c) =>
        [("@battle", c.BattleId), ("@voter", c.Voter), ("@client", c.ClientHash), ("@prompt", c.PromptHash), ("@at", c.AtMs)];

    public static async Task<VoteWindow> WindowAsync(DbConnection connection, DbTransaction transaction, VoteClaim claim, long fromMs,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, Window,
            [("@voter", claim.Voter), ("@client", claim.ClientHash), ("@prompt", claim.PromptHash), ("@from", fromMs)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new VoteWindow((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3) + 1, (int)reader.GetInt64(4) + 1);
    }

    public static async Task<long> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, (string Name, object Value)[] parameters,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, (string Name, object Value)[] parameters,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        return command;
    }
}
