using Arbiter.Core.Audit;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Sovereignty;

namespace Arbiter.Engine.Tests.Runner;

/// <summary>Transient storage faults are retried without losing answers; a second process on one run is refused.</summary>
public sealed class StoreFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly StoreRetryOptions Quick = new(MaxAttempts: 6, BaseDelay: TimeSpan.FromMilliseconds(5), MaxDelay: TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task Transient_store_faults_are_retried_and_every_paid_answer_is_stored_with_its_audit_entry()
    {
        await using var h = await SimHarness.StartAsync(items: 30);
        var store = new FlakyStore(h.Store, failFirst: 3);
        var monitor = new RunMonitor();
        var runner = new EvaluationRunner(store, new ChatClientFactory());
        var runs = await runner.RunAsync([new RunJob(h.Suite, h.Model(concurrency: 4))], new RunOptions(Retry: SimHarness.FastRetry()) { StoreRetry = Quick }, monitor, Ct);

        Assert.Equal(RunStatus.Completed, runs[0].Status);
        Assert.Equal(30, (await h.SamplesAsync(runs[0].RunId)).Count);
        Assert.True(monitor.StorageRetries >= 3, $"retries seen: {monitor.StorageRetries}");
        Assert.Null(monitor.StorageProblem);
        Assert.Equal(30, h.Server.Stats.TotalChatRequests);
        var coverage = await AuditCoverage.CheckAsync(h.Store, (IAuditLogStore)h.Store, (IRunLeaseStore)h.Store, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Ct);
        Assert.True(coverage.Complete);
        Assert.Equal(30, coverage.SamplesChecked);
    }

    [Fact]
    public async Task A_store_that_stays_down_ends_the_run_with_the_store_error_after_bounded_retries()
    {
        await using var h = await SimHarness.StartAsync(items: 10);
        var store = new FlakyStore(h.Store, failFirst: int.MaxValue);
        var runner = new EvaluationRunner(store, new ChatClientFactory());
        var run = runner.RunAsync([new RunJob(h.Suite, h.Model())], new RunOptions(Retry: SimHarness.FastRetry()) { StoreRetry = Quick }, new RunMonitor(), Ct);

        var ex = await Assert.ThrowsAsync<StoreException>(() => run).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_second_process_on_a_run_that_is_held_is_refused_with_the_reason_and_calls_nothing()
    {
        await using var h = await SimHarness.StartAsync(items: 5);
        var (runs, _) = await h.RunAsync(h.Model(), options: new RunOptions(Limit: 1, Retry: SimHarness.FastRetry()), cancellationToken: Ct);
        var before = h.Server.Stats.TotalChatRequests;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await ((IRunLeaseStore)h.Store).AcquireLeaseAsync(runs[0].RunId, "build-host-7:4242:abcd", now, now + 60_000, cancellationToken: Ct);

        var ex = await Assert.ThrowsAsync<RunLeaseHeldException>(() => h.RunAsync(h.Model(), options: new RunOptions(Limit: 1, Retry: SimHarness.FastRetry(), RunId: runs[0].RunId) { RetryErrors = true }, cancellationToken: Ct));
        Assert.Contains("process 4242 on build-host-7", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, h.Server.Stats.TotalChatRequests);
    }

    /// <summary>A real store whose sample and audit writes fail with a transient fault the first N times, as during a database restart.</summary>
    private sealed class FlakyStore(IRunStore store, int failFirst) : Support.DelegatingRunStore(store), IAuditLogStore, IRunLeaseStore
    {
        private readonly IRunStore inner = store;
        private int _failures;

        private void MaybeFail()
        {
            if (Interlocked.Increment(ref _failures) <= failFirst) throw new StoreException("PostgreSQL database test: the database system is shutting down", isTransient: true);
        }

        public override Task WriteSamplesAsync(IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples, CancellationToken cancellationToken = default)
        {
            MaybeFail();
            return base.WriteSamplesAsync(samples, cancellationToken);
        }

        public Task<IReadOnlyList<AuditEntry>> WriteSamplesWithAuditAsync(IReadOnlyList<(SampleRecord Sample, string? CacheKey)> samples, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
        {
            MaybeFail();
            return ((IAuditLogStore)inner).WriteSamplesWithAuditAsync(samples, entries, cancellationToken);
        }

        public Task<IReadOnlyList<AuditEntry>> AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
        {
            MaybeFail();
            return ((IAuditLogStore)inner).AppendAuditAsync(entries, cancellationToken);
        }

        public IAsyncEnumerable<AuditEntry> ReadAuditLogAsync(CancellationToken cancellationToken = default) => ((IAuditLogStore)inner).ReadAuditLogAsync(cancellationToken);

        public Task<RunLease> AcquireLeaseAsync(string runId, string owner, long nowMs, long expiresAtMs, string? takeOverFrom = null, CancellationToken cancellationToken = default) =>
            ((IRunLeaseStore)inner).AcquireLeaseAsync(runId, owner, nowMs, expiresAtMs, takeOverFrom, cancellationToken);

        public Task ReleaseLeaseAsync(string runId, string owner, CancellationToken cancellationToken = default) => ((IRunLeaseStore)inner).ReleaseLeaseAsync(runId, owner, cancellationToken);

        public Task<RunLease?> GetLeaseAsync(string runId, CancellationToken cancellationToken = default) => ((IRunLeaseStore)inner).GetLeaseAsync(runId, cancellationToken);
    }
}
