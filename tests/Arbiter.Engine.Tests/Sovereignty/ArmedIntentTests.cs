using Arbiter.Core.Audit;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Sovereignty;
using Arbiter.Engine.Suites;
using Arbiter.Engine.Tests.Runner;
using Arbiter.Simulator;

namespace Arbiter.Engine.Tests.Sovereignty;

/// <summary>
/// A slot records its next call's intent while its current call is out (issue 18), so the intent's commit is off the
/// path between two requests; the intent is still durable before its request leaves, and one that never leaves is closed.
/// </summary>
public sealed class ArmedIntentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<AuditEntry>> LogAsync(IRunStore store)
    {
        var list = new List<AuditEntry>();
        await foreach (var e in ((IAuditLogStore)store).ReadAuditLogAsync(Ct)) list.Add(e);
        return list;
    }

    [Fact]
    public async Task The_next_calls_intent_is_committed_while_the_current_call_is_out()
    {
        await using var h = await SimHarness.StartAsync(items: 4, profile: SimModelProfile.Simple("sim-test", 0.7, meanLatencyMs: 300));
        var (runs, _) = await h.RunAsync(h.Model(concurrency: 1), cancellationToken: Ct);

        var log = await LogAsync(h.Store);
        var byItem = log.Where(e => e.RunId == runs[0].RunId).GroupBy(e => e.ItemId!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Intent: g.Single(e => e.Outcome == AuditOutcomes.Intent), Outcome: g.Single(e => e.Outcome == AuditOutcomes.Ok))).ToList();
        Assert.Equal(4, byItem.Count);
        // One slot, so calls go one after another: with 300 ms calls, each later intent lands during the call before it.
        var armedAhead = byItem.Zip(byItem.Skip(1)).Count(p => p.Second.Intent.Sequence < p.First.Outcome.Sequence);
        Assert.True(armedAhead >= 1, $"no intent was committed while the previous call was out ({armedAhead} of 3)");
        Assert.True((await AuditCoverage.CheckAsync(h.Store, (IAuditLogStore)h.Store, (IRunLeaseStore)h.Store, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Ct)).Complete);
    }

    [Fact]
    public async Task A_run_stopped_mid_call_closes_every_intent_and_marks_armed_ones_not_sent()
    {
        await using var h = await SimHarness.StartAsync(items: 12, profile: SimModelProfile.Simple("sim-test", 0.7, meanLatencyMs: 600));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromMilliseconds(900));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.RunAsync(h.Model(concurrency: 2), cancellationToken: stop.Token));

        var log = await LogAsync(h.Store);
        var outcomes = log.Where(e => e.Outcome != AuditOutcomes.Intent).ToDictionary(e => e.CallId!, e => e.Outcome);
        Assert.All(log.Where(e => e.Outcome == AuditOutcomes.Intent), i => Assert.True(outcomes.ContainsKey(i.CallId!), $"intent {i.CallId} ({i.ItemId}) left open"));
        var notSent = log.Where(e => e.Outcome == AuditOutcomes.NotSent).ToList();
        Assert.NotEmpty(notSent);
        // Nothing was sent for those: the server never saw more requests than there are sent calls.
        var sent = outcomes.Values.Count(o => o is AuditOutcomes.Ok or AuditOutcomes.Error or AuditOutcomes.Cancelled);
        Assert.True(h.Server.Stats.TotalChatRequests <= sent, $"{h.Server.Stats.TotalChatRequests} requests reached the server, {sent} calls logged as sent");
        var stored = (await h.SamplesAsync(Assert.Single(await ListRunsAsync(h.Store)).RunId)).Select(s => s.ItemId).ToHashSet();
        Assert.All(notSent, e => Assert.DoesNotContain(e.ItemId!, stored));
        var report = await AuditCoverage.CheckAsync(h.Store, (IAuditLogStore)h.Store, (IRunLeaseStore)h.Store, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Ct);
        Assert.Empty(report.InFlightAtCrash);
    }

    [Fact]
    public async Task A_prepared_call_is_sent_or_withdrawn_once()
    {
        await using var h = await SimHarness.StartAsync(items: 1);
        using var clients = new ChatClientFactory();
        var model = h.Model();
        await using var audit = new AuditLogWriter((IAuditLogStore)h.Store);
        var caller = ModelCallers.Create(clients.Create(model), model, null, audit);
        var item = h.Suite.Items[0];
        var context = CallContext.ForItem(h.Suite, item, CallPurpose.Benchmark);
        var messages = PromptRenderer.Render(h.Suite, item);

        var sent = await caller.PrepareAsync(messages, GenerationParameters.Default, context, Ct);
        Assert.Equal(SampleStatus.Ok, (await caller.SendPreparedAsync(sent, stream: false, Ct)).Response.Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => caller.SendPreparedAsync(sent, stream: false, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => caller.WithdrawAsync(sent));

        var withdrawn = await caller.PrepareAsync(messages, GenerationParameters.Default, context, Ct);
        await caller.WithdrawAsync(withdrawn);
        await Assert.ThrowsAsync<InvalidOperationException>(() => caller.SendPreparedAsync(withdrawn, stream: false, Ct));
        await audit.DisposeAsync();

        Assert.Equal(1, h.Server.Stats.TotalChatRequests);
        var entries = (await LogAsync(h.Store)).Where(e => e.CallId == withdrawn.CallId).Select(e => e.Outcome).ToList();
        Assert.Equal([AuditOutcomes.Intent, AuditOutcomes.NotSent], entries);
    }

    private static async Task<List<RunRecord>> ListRunsAsync(IRunStore store)
    {
        var list = new List<RunRecord>();
        await foreach (var r in store.ListRunsAsync(Ct)) list.Add(r);
        return list;
    }
}
