using Arbiter.Core.Audit;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Sovereignty;
using Arbiter.Engine.Tests.Runner;
using Microsoft.Extensions.AI;

namespace Arbiter.Engine.Tests.Sovereignty;

/// <summary>The audit log records every call before it leaves, and verify finds samples it misses.</summary>
public sealed class AuditCoverageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<AuditEntry>> LogAsync(IRunStore store)
    {
        var list = new List<AuditEntry>();
        await foreach (var e in ((IAuditLogStore)store).ReadAuditLogAsync(Ct)) list.Add(e);
        return list;
    }

    private static Task<AuditCoverageReport> CheckAsync(IRunStore store) =>
        AuditCoverage.CheckAsync(store, (IAuditLogStore)store, (IRunLeaseStore)store, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Ct);

    [Fact]
    public async Task Every_call_of_a_run_has_an_intent_before_it_and_an_outcome_tied_to_its_sample()
    {
        await using var h = await SimHarness.StartAsync(items: 12);
        var (runs, _) = await h.RunAsync(h.Model(), new RunOptions(Epochs: 2, Retry: SimHarness.FastRetry()), Ct);

        var log = await LogAsync(h.Store);
        var samples = await h.SamplesAsync(runs[0].RunId);
        Assert.Equal(24, samples.Count);
        foreach (var s in samples)
        {
            var entries = log.Where(e => e.RunId == s.RunId && e.ItemId == s.ItemId && e.Epoch == s.Epoch).ToList();
            Assert.Equal(2, entries.Count);
            Assert.Equal(AuditOutcomes.Intent, entries[0].Outcome);
            Assert.Equal(AuditOutcomes.Ok, entries[1].Outcome);
            Assert.Equal(entries[0].CallId, entries[1].CallId);
            Assert.True(entries[0].Sequence < entries[1].Sequence);
        }

        Assert.True((await AuditChain.VerifyAsync(((IAuditLogStore)h.Store).ReadAuditLogAsync(Ct), Ct)).Valid);
        var report = await CheckAsync(h.Store);
        Assert.True(report.Complete);
        Assert.Equal(24, report.SamplesChecked);
    }

    [Fact]
    public async Task The_intent_is_stored_before_the_request_leaves()
    {
        await using var h = await SimHarness.StartAsync(items: 6);
        using var inner = new ChatClientFactory();
        var seen = new List<bool>();
        var clients = new SpyFactory(inner, async () =>
        {
            var intents = (await LogAsync(h.Store)).Count(e => e.Outcome == AuditOutcomes.Intent);
            lock (seen) seen.Add(intents > seen.Count);
        });
        var runner = new EvaluationRunner(h.Store, clients);
        await runner.RunAsync([new RunJob(h.Suite, h.Model(concurrency: 1))], new RunOptions(Retry: SimHarness.FastRetry()), new RunMonitor(), Ct);

        Assert.Equal(6, seen.Count);
        Assert.All(seen, Assert.True);
    }

    [Fact]
    public async Task A_sample_without_an_audit_entry_makes_the_check_fail_and_names_it()
    {
        await using var h = await SimHarness.StartAsync(items: 4);
        var (runs, _) = await h.RunAsync(h.Model(), cancellationToken: Ct);
        // What the old writer did after a storage fault: the sample reached the store, its entry did not.
        var lost = new SampleRecord(runs[0].RunId, "mini-004", 7, new ModelResponse("42", null, "stop", new TokenUsage(1, 1), 5, null, 1, SampleStatus.Ok, ErrorKind.None, null),
            null, null, false, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await h.Store.WriteSamplesAsync([(lost, null)], Ct);

        var report = await CheckAsync(h.Store);
        Assert.False(report.Complete);
        Assert.Equal(new AuditGap(runs[0].RunId, "mini-004", 7, lost.CompletedAtMs), Assert.Single(report.Missing));
        Assert.Empty(report.InFlightAtCrash);
    }

    [Fact]
    public async Task An_intent_left_open_in_a_run_that_ended_is_reported_as_in_flight_at_a_crash()
    {
        await using var h = await SimHarness.StartAsync(items: 3);
        var (runs, _) = await h.RunAsync(h.Model(), cancellationToken: Ct);
        var open = new AuditEntry(runs[0].CreatedAtMs, "sim-test", "http://x", "sim-test", "local", "mini", "mini-002", "benchmark", "public",
            new string('c', 64), 10, 0, AuditOutcomes.Intent, null) { CallId = "killed-call", RunId = runs[0].RunId, Epoch = 0 };
        await ((IAuditLogStore)h.Store).AppendAuditAsync([open], Ct);

        var report = await CheckAsync(h.Store);
        Assert.False(report.Complete);
        Assert.Empty(report.Missing);
        Assert.Equal("killed-call", Assert.Single(report.InFlightAtCrash).CallId);
    }

    [Fact]
    public async Task An_intent_of_a_run_still_holding_its_lease_is_in_flight_now_not_a_fault()
    {
        await using var h = await SimHarness.StartAsync(items: 2);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await h.Store.UpsertRunAsync(new RunRecord("live-run", "h", "mini", "1", "sim-test", "science", "en", 2, 1, RunStatus.Running, now, null), Ct);
        await ((IRunLeaseStore)h.Store).AcquireLeaseAsync("live-run", "other:1:x", now, now + 60_000, cancellationToken: Ct);
        await ((IAuditLogStore)h.Store).AppendAuditAsync([new AuditEntry(now, "sim-test", "http://x", "sim-test", "local", "mini", "mini-001", "benchmark", "public",
            new string('c', 64), 10, 0, AuditOutcomes.Intent, null) { CallId = "live-call", RunId = "live-run", Epoch = 0 }], Ct);

        var report = await CheckAsync(h.Store);
        Assert.True(report.Complete);
        Assert.Equal("live-call", Assert.Single(report.InFlightNow).CallId);
    }

    /// <summary>Runs <c>before</c> each time a request is about to go out, then forwards it.</summary>
    private sealed class SpyFactory(ChatClientFactory inner, Func<Task> before) : IChatClientFactory
    {
        public IChatClient Create(ModelSpec model) => new Spy(inner.Create(model), before);

        private sealed class Spy(IChatClient client, Func<Task> before) : DelegatingChatClient(client)
        {
            public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            {
                await before();
                return await base.GetResponseAsync(messages, options, cancellationToken);
            }
        }
    }
}
