using System.Diagnostics;
using System.Globalization;
using Arbiter.Core.Audit;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Sovereignty;
using Arbiter.Engine.Tests.Runner;
using Arbiter.Engine.Tests.Support;

namespace Arbiter.Engine.Tests.Sovereignty;

/// <summary>The residency gate and the audit log, end to end through the runner and the simulated server.</summary>
public sealed class ResidencyRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<IReadOnlyList<RunRecord>> RunAsync(SimHarness h, Suite suite, Arbiter.Core.Models.ModelSpec model, RunOptions? options = null)
    {
        using var clients = new ChatClientFactory();
        return await new EvaluationRunner(h.Store, clients).RunAsync([new RunJob(suite, model)], options ?? new RunOptions(Retry: SimHarness.FastRetry()), new RunMonitor(), Ct);
    }

    private static async Task<List<AuditEntry>> AuditAsync(SimHarness h)
    {
        var list = new List<AuditEntry>();
        await foreach (var e in ((IAuditLogStore)h.Store).ReadAuditLogAsync(Ct)) list.Add(e);
        return list;
    }

    [Fact]
    public async Task A_confidential_suite_sends_nothing_to_a_foreign_model_and_runs_normally_on_a_local_one()
    {
        await using var h = await SimHarness.StartAsync(items: 30);
        var suite = h.Suite with { Confidentiality = Confidentiality.Confidential };

        var foreign = await RunAsync(h, suite, h.Model() with { Jurisdiction = "US" });

        Assert.Equal(0, h.Server.Stats.TotalChatRequests);
        var blocked = await h.SamplesAsync(foreign[0].RunId);
        Assert.Equal(30, blocked.Count);
        Assert.All(blocked, s =>
        {
            Assert.Equal(SampleStatus.BlockedByPolicy, s.Response.Status);
            Assert.Equal("blocked by residency policy: policy.allow.confidential [local] forbids jurisdiction 'US'", s.Response.Error);
            Assert.Null(s.Cost);
        });
        var log = await AuditAsync(h);
        Assert.Equal(30, log.Count);
        Assert.All(log, e => Assert.Equal(("blocked_by_policy", 0, "confidential"), (e.Outcome, e.Attempts, e.Confidentiality)));

        var local = await RunAsync(h, suite, h.Model());

        Assert.Equal(30, h.Server.Stats.TotalChatRequests);
        Assert.All(await h.SamplesAsync(local[0].RunId), s => Assert.Equal(SampleStatus.Ok, s.Response.Status));
        log = await AuditAsync(h);
        Assert.Equal(30, log.Count(e => e.Outcome == "ok" && e.Jurisdiction == "local" && e.Attempts == 1));
        Assert.Equal(suite.Items.Select(i => i.Id).Order(), log.Where(e => e.Outcome == "ok").Select(e => e.ItemId!).Order());
        Assert.True((await AuditChain.VerifyAsync(((IAuditLogStore)h.Store).ReadAuditLogAsync(Ct), Ct)).Valid);
    }

    [Fact]
    public async Task Cached_answers_do_not_bypass_the_policy()
    {
        await using var h = await SimHarness.StartAsync(items: 12);
        await RunAsync(h, h.Suite, h.Model());
        var before = h.Server.Stats.TotalChatRequests;

        // Same endpoint and model name, so every request is in the cache — but now tagged foreign.
        var runs = await RunAsync(h, h.Suite with { Confidentiality = Confidentiality.Internal }, h.Model() with { Jurisdiction = "CN" },
            new RunOptions(Retry: SimHarness.FastRetry(), Fresh: true) { Policy = ResidencyPolicy.WithHome("RU") });

        Assert.Equal(before, h.Server.Stats.TotalChatRequests);
        Assert.All(await h.SamplesAsync(runs[0].RunId), s => Assert.Equal(SampleStatus.BlockedByPolicy, s.Response.Status));
    }

    [Fact]
    public async Task Item_metadata_raises_single_items_and_only_those_are_withheld()
    {
        await using var h = await SimHarness.StartAsync(items: 20);
        var items = h.Suite.Items.Select((item, i) => i % 5 == 0
            ? item with { Metadata = new Dictionary<string, string>(item.Metadata) { ["confidentiality"] = "confidential" } }
            : item).ToList();
        var suite = h.Suite with { Items = items, Confidentiality = Confidentiality.Internal };

        var runs = await RunAsync(h, suite, h.Model() with { Jurisdiction = "RU" }, new RunOptions(Retry: SimHarness.FastRetry()) { Policy = ResidencyPolicy.WithHome("RU") });

        var samples = await h.SamplesAsync(runs[0].RunId);
        Assert.Equal(4, samples.Count(s => s.Response.Status == SampleStatus.BlockedByPolicy));
        Assert.Equal(16, samples.Count(s => s.Response.Status == SampleStatus.Ok));
        Assert.Equal(16, h.Server.Stats.TotalChatRequests);
    }

    [Fact]
    public async Task The_audit_log_keeps_up_with_a_zero_latency_server()
    {
        const int items = 3000;
        await using var h = await SimHarness.StartAsync(items: items);
        var model = h.Model(concurrency: 64);
        var options = new RunOptions(Retry: SimHarness.FastRetry(), Fresh: true);
        await RunAsync(h, h.Suite with { Items = h.Suite.Items.Take(200).ToList() }, model, options); // warm-up

        // Distinct prompts per run: cache hits are not outbound calls and would not be audited.
        Suite Variant(string id) => h.Suite with { Id = id, Items = h.Suite.Items.Select(i => i with { Input = [new ChatTurn("user", i.Question + " " + id)] }).ToList() };
        using var clients = new ChatClientFactory();
        var plainClock = Stopwatch.StartNew();
        await new EvaluationRunner(new NoAuditStore(h.Store), clients).RunAsync([new RunJob(Variant("plain"), model)], options, new RunMonitor(), Ct);
        var plain = items / plainClock.Elapsed.TotalSeconds;
        var auditedClock = Stopwatch.StartNew();
        await new EvaluationRunner(h.Store, clients).RunAsync([new RunJob(Variant("audited"), model)], options, new RunMonitor(), Ct);
        var audited = items / auditedClock.Elapsed.TotalSeconds;

        var log = await AuditAsync(h);
        // One intent before each request and one outcome after it.
        Assert.Equal(items, log.Count(e => e.SuiteId == "audited" && e.Outcome == AuditOutcomes.Intent));
        Assert.Equal(items, log.Count(e => e.SuiteId == "audited" && e.Outcome == AuditOutcomes.Ok));
        Assert.DoesNotContain(log, e => e.SuiteId == "plain");
        Assert.True((await AuditChain.VerifyAsync(((IAuditLogStore)h.Store).ReadAuditLogAsync(Ct), Ct)).Valid);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"runner without audit log: {plain:0} items/s; with audit log: {audited:0} items/s"));
    }

    /// <summary>The same store without its audit-log interface: the runner then keeps no log.</summary>
    private sealed class NoAuditStore(IRunStore inner) : DelegatingRunStore(inner);
}
