using Arbiter.Core.Audit;
using Arbiter.Core.Storage;

namespace Arbiter.Storage.Tests;

/// <summary>The audit log: append-only, hash-chained, and every kind of tampering detected.</summary>
public abstract partial class RunStoreContract
{
    /// <summary>Runs raw SQL on this test's database, as an attacker with file or database access would.</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    /// <summary>SQL that removes the append-only guard (what a deliberate tamperer does first).</summary>
    protected abstract string DropAuditGuardSql { get; }

    private static AuditEntry Entry(int i) => new(1_700_000_000_000 + i, "m", "https://llm.example/v1", "model-x", "RU", "suite", $"item-{i:D3}",
        "benchmark", "confidential", new string('a', 64), 100 + i, 1, "ok", null);

    private async Task<IAuditLogStore> AuditStoreWithAsync(int entries)
    {
        var store = (IAuditLogStore)await OpenMigratedAsync();
        await store.AppendAuditAsync(Enumerable.Range(1, entries).Select(Entry).ToList(), Ct);
        return store;
    }

    private static async Task<AuditVerification> VerifyAsync(IAuditLogStore store) =>
        await AuditChain.VerifyAsync(store.ReadAuditLogAsync(Ct), Ct);

    [Fact]
    public async Task Appended_entries_are_numbered_and_chained_across_batches()
    {
        var store = await AuditStoreWithAsync(3);
        await using var _ = (IRunStore)store;
        var more = await store.AppendAuditAsync([Entry(4), Entry(5)], Ct);

        var all = await ToListAsync(store.ReadAuditLogAsync(Ct));
        Assert.Equal([1L, 2, 3, 4, 5], all.Select(e => e.Sequence));
        Assert.Equal(AuditChain.Genesis, all[0].PrevHash);
        Assert.Equal(all[2].Hash, all[3].PrevHash);
        Assert.Equal(more[1], all[4]);
        Assert.Equal("item-005", all[4].ItemId);
        var check = await VerifyAsync(store);
        Assert.True(check.Valid);
        Assert.Equal(5, check.Entries);
        Assert.Equal(all[4].Hash, check.HeadHash);
    }

    [Fact]
    public async Task Two_store_instances_appending_at_once_keep_one_chain()
    {
        await using var a = await OpenMigratedAsync();
        await using var b = await OpenMigratedAsync();
        var tasks = Enumerable.Range(0, 20).Select(i => ((IAuditLogStore)(i % 2 == 0 ? a : b)).AppendAuditAsync([Entry(i * 2), Entry((i * 2) + 1)], Ct));
        await Task.WhenAll(tasks);

        var check = await VerifyAsync((IAuditLogStore)a);
        Assert.True(check.Valid, check.Problem);
        Assert.Equal(40, check.Entries);
    }

    [Fact]
    public async Task The_database_refuses_plain_updates_and_deletes()
    {
        var store = await AuditStoreWithAsync(2);
        await using var _ = (IRunStore)store;
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteSqlAsync("UPDATE audit_log SET outcome = 'error' WHERE seq = 1"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteSqlAsync("DELETE FROM audit_log WHERE seq = 2"));
        Assert.True((await VerifyAsync(store)).Valid);
    }

    [Fact]
    public async Task Verify_names_a_modified_entry()
    {
        var store = await AuditStoreWithAsync(6);
        await using var _ = (IRunStore)store;
        await ExecuteSqlAsync(DropAuditGuardSql);
        await ExecuteSqlAsync("UPDATE audit_log SET jurisdiction = 'local' WHERE seq = 4");

        var check = await VerifyAsync(store);
        Assert.False(check.Valid);
        Assert.Equal(4, check.FirstBadSequence);
        Assert.Contains("modified", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_names_where_an_entry_was_deleted()
    {
        var store = await AuditStoreWithAsync(6);
        await using var _ = (IRunStore)store;
        await ExecuteSqlAsync(DropAuditGuardSql);
        await ExecuteSqlAsync("DELETE FROM audit_log WHERE seq = 3");

        var check = await VerifyAsync(store);
        Assert.False(check.Valid);
        Assert.Equal(3, check.FirstBadSequence);
        Assert.Contains("missing", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_detects_a_deletion_hidden_by_renumbering()
    {
        var store = await AuditStoreWithAsync(6);
        await using var _ = (IRunStore)store;
        await ExecuteSqlAsync(DropAuditGuardSql);
        await ExecuteSqlAsync("DELETE FROM audit_log WHERE seq = 3");
        await ExecuteSqlAsync("UPDATE audit_log SET seq = seq - 1 WHERE seq = 4");

        var check = await VerifyAsync(store);
        Assert.False(check.Valid);
        Assert.Equal(3, check.FirstBadSequence);
    }

    [Fact]
    public async Task Verify_names_the_first_of_two_swapped_entries()
    {
        var store = await AuditStoreWithAsync(6);
        await using var _ = (IRunStore)store;
        await ExecuteSqlAsync(DropAuditGuardSql);
        // Swap the positions of entries 2 and 5, contents and hashes included.
        await ExecuteSqlAsync("UPDATE audit_log SET seq = 1000 WHERE seq = 2");
        await ExecuteSqlAsync("UPDATE audit_log SET seq = 2 WHERE seq = 5");
        await ExecuteSqlAsync("UPDATE audit_log SET seq = 5 WHERE seq = 1000");

        var check = await VerifyAsync(store);
        Assert.False(check.Valid);
        Assert.Equal(2, check.FirstBadSequence);
        Assert.Equal(2, check.Entries);
    }
}
