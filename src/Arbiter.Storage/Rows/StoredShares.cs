using System.Data.Common;
using Arbiter.Core.Arena;

namespace Arbiter.Storage.Rows;

/// <summary>
/// <see cref="IArenaConversationStore"/> written once for both stores on the labelling dialect's "statements in one
/// transaction" and "stream rows of a parameterised query" primitives: the SQL is the same in both dialects.
/// </summary>
internal interface IConversationDialect : IArenaConversationStore, ILabellingDialect
{
    async Task<bool> IArenaConversationStore.AddSharedBattleAsync(SharedBattle share, CancellationToken cancellationToken) =>
        (await WriteLabellingAsync("add shared battle", [StoredShares.Add(share)], cancellationToken))[0] > 0;

    async Task<SharedBattle?> IArenaConversationStore.FindSharedBattleAsync(string shareId, CancellationToken cancellationToken)
    {
        await foreach (var share in QueryLabellingAsync("find shared battle", StoredShares.Find, [("@id", shareId)], StoredShares.Read, cancellationToken))
        {
            return share;
        }

        return null;
    }

    async Task<ConversationPurge> IArenaConversationStore.PurgeConversationsAsync(long beforeMs, CancellationToken cancellationToken)
    {
        // Hashing is done here, not in SQL (neither dialect hashes the same way built in): read the old texts, write their hashes.
        var old = new List<(string Id, string? A, string? B)>();
        await foreach (var row in QueryLabellingAsync("find old conversations", StoredShares.OldConversations, [("@before", beforeMs)],
            r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)), cancellationToken))
        {
            old.Add(row);
        }

        var statements = new List<(string, (string, object)[])>
        {
            (StoredShares.DeleteOldShares, [("@before", beforeMs)]),
            (StoredShares.BlankOldExcerpts, [("@before", beforeMs), ("@purged", StoredShares.PurgedExcerpt)]),
        };
        statements.AddRange(old.Select(o => StoredShares.Redact(o.Id, o.A, o.B)));
        var counts = await WriteLabellingAsync("purge conversations", statements, cancellationToken);
        return new ConversationPurge(counts.Skip(2).Sum(), counts[0], counts[1]);
    }
}

/// <summary>Statements and row mapping of <c>arena_shares</c> and of the conversation retention purge.</summary>
internal static class StoredShares
{
    /// <summary>What a blocked prompt's excerpt reads once retention removed it.</summary>
    public const string PurgedExcerpt = "(purged)";

    public const string Find =
        "SELECT share_id, battle_id, model_a, model_b, winner, language, conversation_a, conversation_b, shared_at_ms FROM arena_shares WHERE share_id = @id";

    // Text is anything that is not already a hash; a row keeps its vote, only the words go.
    public const string OldConversations =
        "SELECT battle_id, conversation_a, conversation_b FROM battles WHERE timestamp_ms < @before AND " +
        "((conversation_a IS NOT NULL AND conversation_a NOT LIKE 'sha256:%') OR (conversation_b IS NOT NULL AND conversation_b NOT LIKE 'sha256:%'))";

    public const string DeleteOldShares = "DELETE FROM arena_shares WHERE shared_at_ms < @before";

    public const string BlankOldExcerpts =
        "UPDATE blocked_prompts SET excerpt = @purged WHERE at_ms < @before AND excerpt NOT LIKE 'sha256:%' AND excerpt <> @purged";

    private const string Insert =
        "INSERT INTO arena_shares (share_id, battle_id, model_a, model_b, winner, language, conversation_a, conversation_b, shared_at_ms) " +
        "VALUES (@id, @battle, @a, @b, @winner, @language, @ca, @cb, @at) ON CONFLICT (share_id) DO NOTHING";

    public static (string Sql, (string Name, object Value)[] Parameters) Add(SharedBattle s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return (Insert, [("@id", s.ShareId), ("@battle", s.BattleId), ("@a", s.ModelA), ("@b", s.ModelB), ("@winner", s.Winner),
            ("@language", s.Language is null ? DBNull.Value : s.Language), ("@ca", s.ConversationA), ("@cb", s.ConversationB), ("@at", s.SharedAtMs)]);
    }

    public static (string Sql, (string Name, object Value)[] Parameters) Redact(string battleId, string? a, string? b) =>
        ("UPDATE battles SET conversation_a = @a, conversation_b = @b WHERE battle_id = @id",
            [("@id", battleId), ("@a", Hashed(a)), ("@b", Hashed(b))]);

    public static SharedBattle Read(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(8))
        {
            Language = r.IsDBNull(5) ? null : r.GetString(5),
            ConversationA = r.GetString(6),
            ConversationB = r.GetString(7),
        };

    private static object Hashed(string? stored) => stored is null ? DBNull.Value : ConversationHash.IsHash(stored) ? stored : ConversationHash.Of(stored);
}
