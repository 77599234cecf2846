using Arbiter.Core.Labelling;
using Arbiter.Core.Models;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Probes;
using Arbiter.Engine.Audit.Running;
using Arbiter.Engine.Audit.Validation;
using Arbiter.Engine.Labelling;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Tests.Runner;
using Arbiter.Simulator;
using Arbiter.Statistics.Bootstrap;
using Arbiter.Storage;

namespace Arbiter.Engine.Tests.Labelling;

public sealed class LabellingServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LabellingCandidate Candidate(string id, string predicted, string model = "m") =>
        new(id, $"question {id}", $"reply, \"quoted\"\nwith a line break {id}", model, "history", "ru", predicted);

    private static async Task<(LabellingService Service, Arbiter.Core.Storage.IRunStore Store)> OpenAsync()
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-labelling-").FullName;
        var store = RunStoreFactory.Open(null, Path.Combine(dir, "arbiter.db"));
        await store.MigrateAsync(Ct);
        return (new LabellingService((ILabellingStore)store, TimeProvider.System), store);
    }

    [Fact]
    public async Task Invite_tokens_are_stored_only_as_hashes_and_stop_working_when_revoked()
    {
        var (service, store) = await OpenAsync();
        await using var _ = store;
        var task = await service.CreateTaskAsync("t", null, [Candidate("a", "answer"), Candidate("b", "refusal")], 10, 1, Ct);
        var token = await service.InviteAsync(task.TaskId, "Анна", Ct);

        var invite = Assert.Single(await service.InvitesAsync(task.TaskId, Ct).ToListAsync(Ct));
        Assert.NotEqual(token, invite.TokenHash);
        Assert.Equal(LabellingService.Hash(token), invite.TokenHash);
        Assert.Equal("Анна", (await service.OpenAsync(token, Ct))!.Labeller);
        Assert.Null(await service.OpenAsync(token + "x", Ct));
        await Assert.ThrowsAsync<LabellingException>(() => service.InviteAsync(task.TaskId, "Анна", Ct));
        await Assert.ThrowsAsync<LabellingException>(() => service.InviteAsync(task.TaskId, "classifier", Ct));

        Assert.True(await service.RevokeAsync(task.TaskId, "Анна", Ct));
        Assert.Null(await service.OpenAsync(token, Ct));
    }

    [Fact]
    public async Task Labels_outside_the_set_or_for_unknown_items_are_refused_and_skips_count_as_done()
    {
        var (service, store) = await OpenAsync();
        await using var _ = store;
        var task = await service.CreateTaskAsync("custom", ["good", "bad"], [Candidate("a", "answer"), Candidate("b", "refusal")], 10, 1, Ct);
        var session = (await service.OpenAsync(await service.InviteAsync(task.TaskId, "x", Ct), Ct))!;

        var error = await Assert.ThrowsAsync<LabellingException>(() => service.LabelAsync(session, "a", "refusal", null, Ct));
        Assert.Contains("good, bad", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LabellingException>(() => service.LabelAsync(session, "nope", "good", null, Ct));

        var work = await service.WorkAsync(session, Ct);
        var first = work.Next!;
        await service.LabelAsync(session, first.ItemId, null, "can't tell", Ct);
        work = await service.WorkAsync(session, Ct);
        Assert.Equal(1, work.Done);
        Assert.NotEqual(first.ItemId, work.Next!.ItemId);
        Assert.True(work.Mine[first.ItemId].Skipped);
    }

    [Fact]
    public async Task Stored_audit_samples_become_a_task_whose_adjudicated_export_audit_validate_reads()
    {
        await using var server = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Models = SimModelZoo.Default.Where(p => p.Name is "sim-volga-pro").ToList(),
            LatencyScale = 0.01,
        }, Ct);
        var (service, store) = await OpenAsync();
        await using var _ = store;
        var all = BuiltInProbes.Load();
        var set = all with { Items = all.Items.Where(i => i.Metadata[ProbeKeys.TargetCountry] is "RU").ToList() };
        var model = new ModelSpec("sim-volga-pro", "openai", server.BaseUrl.ToString().TrimEnd('/'), "sim-volga-pro", null, "local", null, null, null, GenerationParameters.Default) { MaxConcurrency = 16 };
        using var clients = new ChatClientFactory();
        await AuditRunner.RunAsync(new EvaluationRunner(store, clients), AuditRunner.Jobs([set], [model]), 1, new RunMonitor(), new RunOptions(Retry: SimHarness.FastRetry()), Ct);

        var candidates = await AuditCandidates.LoadAsync(store, RefusalClassifier.Default, [set], Ct);
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.False(string.IsNullOrWhiteSpace(c.Prompt)));
        var task = await service.CreateTaskAsync("volga", null, candidates, 12, 3, Ct);
        var anna = (await service.OpenAsync(await service.InviteAsync(task.TaskId, "anna", Ct), Ct))!;
        var boris = (await service.OpenAsync(await service.InviteAsync(task.TaskId, "boris", Ct), Ct))!;
        var work = await service.WorkAsync(anna, Ct);
        Assert.Equal(12, work.Items.Count);
        for (int i = 0; i < work.Items.Count; i++)
        {
            var item = work.Items[i];
            await service.LabelAsync(anna, item.ItemId, i % 2 == 0 ? "refusal" : "answer", null, Ct);
            await service.LabelAsync(boris, item.ItemId, i % 4 == 0 ? "answer" : i % 2 == 0 ? "refusal" : "answer", null, Ct);
        }

        var rows = await service.AdjudicationAsync(task.TaskId, Ct);
        var disputed = rows.Where(r => r.Disagreement).ToList();
        Assert.Equal(3, disputed.Count); // positions 0, 4, 8
        Assert.All(rows.Where(r => !r.Disagreement), r => Assert.NotNull(r.Final));
        foreach (var r in disputed) await service.AdjudicateAsync(task.TaskId, r.Item.ItemId, "partial", "admin", "hedged", Ct);

        var report = (await service.AgreementAsync(task.TaskId, new BootstrapOptions { Rounds = 100 }, Ct))!;
        Assert.Equal("adjudicated", report.Reference);
        // anna matches the final label on the 9 agreed items and misses the 3 decided as partial.
        Assert.Equal(0.75, report.VsReference.Single(a => a.Labeller == "anna").Agreement, 12);
        Assert.Contains(report.VsReference, a => a.IsClassifier && a.Items == 12);

        var csv = new StringWriter();
        Assert.Equal(12, await service.ExportAsync(task.TaskId, csv, Ct));
        var read = LabelledSet.Read("export.csv", new StringReader(csv.ToString()));
        Assert.Equal(12, read.Count);
        Assert.Equal(3, read.Count(r => r.Gold == AuditRegister.Partial));
        Assert.All(read, r => Assert.Equal("sim-volga-pro", r.Group));
        Assert.All(read, r => Assert.False(string.IsNullOrEmpty(r.Language)));
        var byReply = work.Items.ToDictionary(i => i.Reply, i => i.Prompt);
        Assert.All(read, r => Assert.Equal(byReply[r.Text], r.Prompt));
    }
}
