using Arbiter.Core.Audit;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;

namespace Arbiter.Storage.Tests;

/// <summary>Audit entries linked to calls and samples, and the run leases.</summary>
public abstract partial class RunStoreContract
{
    private static AuditEntry Linked(string item, string outcome, string callId, int epoch = 0) =>
        new(1_700_000_000_000, "m", "https://llm.example/v1", "model-x", "RU", "arith", item, "benchmark", "public",
            new string('b', 64), 120, outcome == AuditOutcomes.Intent ? 0 : 1, outcome, null)
        {
            CallId = callId,
            RunId = "run-1",
            Epoch = epoch,
        };

    [Fact]
    public async Task Linked_entries_keep_call_run_and_epoch_and_still_chain()
    {
        await using var store = await OpenMigratedAsync();
        var audit = (IAuditLogStore)store;
        await audit.AppendAuditAsync([Entry(1)], Ct);
        await audit.AppendAuditAsync([Linked("item-1", AuditOutcomes.Intent, "c1", epoch: 2), Linked("item-1", AuditOutcomes.Ok, "c1", epoch: 2)], Ct);

        var all = await ToListAsync(audit.ReadAuditLogAsync(Ct));
        Assert.Null(all[0].CallId);
        Assert.Equal(("c1", "run-1", (int?)2), (all[2].CallId, all[2].RunId, all[2].Epoch));
        Assert.True((await VerifyAsync(audit)).Valid);
    }

    [Fact]
    public async Task A_sample_and_its_audit_outcome_commit_together()
    {
        await using var store = await OpenMigratedAsync();
        await store.UpsertRunAsync(TestData.Run(), Ct);
        var audit = (IAuditLogStore)store;
        var stored = await audit.WriteSamplesWithAuditAsync(
            [(TestData.Sample("run-1", "item-1"), "k1"), (TestData.Sample("run-1", "item-2"), null)],
            [Linked("item-1", AuditOutcomes.Ok, "c1"), Linked("item-2", AuditOutcomes.Ok, "c2")], Ct);

        Assert.Equal([1L, 2], stored.Select(e => e.Sequence));
        Assert.Equal(2, (await ToListAsync(store.ReadSamplesAsync("run-1", Ct))).Count);
        Assert.Equal(["c1", "c2"], (await ToListAsync(audit.ReadAuditLogAsync(Ct))).Select(e => e.CallId));
        Assert.True((await VerifyAsync(audit)).Valid);
    }

    [Fact]
    public async Task A_failed_combined_write_stores_neither_samples_nor_entries()
    {
        await using var store = await OpenMigratedAsync();
        await store.UpsertRunAsync(TestData.Run(), Ct);
        var audit = (IAuditLogStore)store;
        // A null model id violates the audit table's NOT NULL: the whole transaction must roll back.
        var bad = Linked("item-1", AuditOutcomes.Ok, "c1") with { ModelId = null! };
        await Assert.ThrowsAnyAsync<Exception>(() => audit.WriteSamplesWithAuditAsync([(TestData.Sample("run-1", "item-1"), "k1")], [bad], Ct));

        Assert.Empty(await ToListAsync(store.ReadSamplesAsync("run-1", Ct)));
        Assert.Empty(await ToListAsync(audit.ReadAuditLogAsync(Ct)));
    }

    [Fact]
    public async Task A_live_lease_keeps_a_second_owner_out_until_it_expires_or_is_released()
    {
        await using var store = await OpenMigratedAsync();
        var leases = (IRunLeaseStore)store;
        const long now = 1_700_000_000_000;

        Assert.Equal("a", (await leases.AcquireLeaseAsync("run-1", "a", now, now + 60_000, cancellationToken: Ct)).Owner);
        var refused = await leases.AcquireLeaseAsync("run-1", "b", now + 1_000, now + 61_000, cancellationToken: Ct);
        Assert.Equal(new RunLease("run-1", "a", now + 60_000, now), refused);

        var renewed = await leases.AcquireLeaseAsync("run-1", "a", now + 2_000, now + 62_000, cancellationToken: Ct);
        Assert.Equal(new RunLease("run-1", "a", now + 62_000, now + 2_000), renewed);
        Assert.Equal("b", (await leases.AcquireLeaseAsync("run-1", "b", now + 62_001, now + 120_000, cancellationToken: Ct)).Owner);
        Assert.Equal("c", (await leases.AcquireLeaseAsync("run-1", "c", now + 62_002, now + 120_000, takeOverFrom: "b", Ct)).Owner);

        await leases.ReleaseLeaseAsync("run-1", "b", Ct);
        Assert.Equal("c", (await leases.GetLeaseAsync("run-1", Ct))?.Owner);
        await leases.ReleaseLeaseAsync("run-1", "c", Ct);
        Assert.Null(await leases.GetLeaseAsync("run-1", Ct));
        Assert.Equal("d", (await leases.AcquireLeaseAsync("run-1", "d", now + 62_003, now + 120_000, cancellationToken: Ct)).Owner);
    }

    [Fact]
    public async Task Two_store_instances_racing_for_one_lease_give_it_to_exactly_one()
    {
        await using var a = await OpenMigratedAsync();
        await using var b = await OpenMigratedAsync();
        const long now = 1_700_000_000_000;
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            ((IRunLeaseStore)(i % 2 == 0 ? a : b)).AcquireLeaseAsync("run-x", $"owner-{i}", now, now + 60_000, cancellationToken: Ct)));

        var winners = results.Where((r, i) => r.Owner == $"owner-{i}").ToList();
        Assert.Single(winners);
        Assert.All(results, r => Assert.Equal(winners[0].Owner, r.Owner));
    }
}
