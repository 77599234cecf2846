using System.Data.Common;
using System.Globalization;
using Arbiter.Core.Arena;

namespace Arbiter.Storage.Rows;

/// <summary>
/// <see cref="IArenaIntegrityStore"/> written once for both stores on top of the roster dialect's
/// "statements in one transaction" and "stream rows" primitives: the SQL is the same in both dialects.
/// </summary>
internal interface IIntegrityDialect : IArenaIntegrityStore, IRosterDialect
{
    async Task<int> IArenaIntegrityStore.VoidBattlesAsync(BattleVoid selection, CancellationToken cancellationToken) =>
        await WriteRosterAsync("void battles", [StoredIntegrity.Void(selection)], cancellationToken);

    IAsyncEnumerable<VoidedGroup> IArenaIntegrityStore.ReadVoidsAsync(CancellationToken cancellationToken) =>
        QueryRosterAsync("read voids", StoredIntegrity.ReadVoids, StoredIntegrity.ReadVoid, cancellationToken);

    async Task<int> IArenaIntegrityStore.UndoVoidAsync(long atMs, string reason, CancellationToken cancellationToken) =>
        await WriteRosterAsync("undo void", [StoredIntegrity.Undo(atMs, reason)], cancellationToken);

    async Task IArenaIntegrityStore.AddBlockedPromptAsync(BlockedPrompt prompt, CancellationToken cancellationToken) =>
        await WriteRosterAsync("add blocked prompt", [StoredIntegrity.Add(prompt)], cancellationToken);

    IAsyncEnumerable<BlockedPrompt> IArenaIntegrityStore.ReadBlockedPromptsAsync(int limit, CancellationToken cancellationToken) =>
        QueryRosterAsync("read blocked prompts", StoredIntegrity.ReadNewest(limit), StoredIntegrity.Read, cancellationToken);
}

/// <summary>Statements and row mapping of battle voiding and <c>blocked_prompts</c>.</summary>
internal static class StoredIntegrity
{
    private const string Insert =
        "INSERT INTO blocked_prompts (id, at_ms, voter, rule, excerpt, length) VALUES (@id, @at, @voter, @rule, @excerpt, @length) ON CONFLICT (id) DO NOTHING";

    // A void is named by its time and reason; an imported battle may carry a void time without a reason ('').
    public const string ReadVoids =
        "SELECT voided_at_ms, COALESCE(void_reason, ''), COUNT(*) FROM battles WHERE voided_at_ms IS NOT NULL " +
        "GROUP BY voided_at_ms, COALESCE(void_reason, '') ORDER BY voided_at_ms DESC";

    public static VoidedGroup ReadVoid(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), (int)r.GetInt64(2));

    public static (string Sql, (string Name, object Value)[] Parameters) Undo(long atMs, string reason) =>
        ("UPDATE battles SET voided_at_ms = NULL, void_reason = NULL WHERE voided_at_ms = @at AND COALESCE(void_reason, '') = @reason",
            [("@at", atMs), ("@reason", reason ?? "")]);

    /// <summary>The UPDATE that voids the selected battles not voided yet.</summary>
    public static (string Sql, (string Name, object Value)[] Parameters) Void(BattleVoid selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (!selection.IsBounded) throw new ArgumentException("A void must name a voter or a time window.", nameof(selection));
        var clauses = new List<string> { "voided_at_ms IS NULL" };
        var parameters = new List<(string, object)> { ("@at", selection.AtMs), ("@reason", selection.Reason) };
        if (selection.Judge is { } judge)
        {
            clauses.Add("judge = @judge");
            parameters.Add(("@judge", judge));
        }

        if (selection.FromMs is { } from)
        {
            clauses.Add("timestamp_ms >= @from");
            parameters.Add(("@from", from));
        }

        if (selection.ToMs is { } to)
        {
            clauses.Add("timestamp_ms < @to");
            parameters.Add(("@to", to));
        }

        return ($"UPDATE battles SET voided_at_ms = @at, void_reason = @reason WHERE {string.Join(" AND ", clauses)}", [.. parameters]);
    }

    public static (string Sql, (string Name, object Value)[] Parameters) Add(BlockedPrompt p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return (Insert, [("@id", p.Id), ("@at", p.AtMs), ("@voter", p.Voter), ("@rule", p.Rule), ("@excerpt", p.Excerpt), ("@length", p.Length)]);
    }

    /// <summary>The newest rows first; the limit is an integer formatted here, never text from a request.</summary>
    public static string ReadNewest(int limit) => string.Create(CultureInfo.InvariantCulture,
        $"SELECT id, at_ms, voter, rule, excerpt, length FROM blocked_prompts ORDER BY at_ms DESC, id DESC LIMIT {Math.Clamp(limit, 0, 10_000)}");

    public static BlockedPrompt Read(DbDataReader r) => new(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5));
}
