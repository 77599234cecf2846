using Arbiter.Core.Models;
using Arbiter.Engine.Audit.Probes;
using Arbiter.Engine.Audit.Running;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Pages;

public sealed class AuditPageTests
{
    [Fact]
    public async Task The_audit_page_shows_the_stored_audit_per_language_and_ignores_a_hostile_language()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var empty = await client.Http.GetStringAsync("/audit", TestContext.Current.CancellationToken);
        Assert.Contains("No audit yet", empty, StringComparison.Ordinal);
        Assert.Contains("href=\"/audit\"", empty, StringComparison.Ordinal);

        // The RU pack against the simulated Russian model, whose habit is refusing Russian politics.
        var all = BuiltInProbes.Load();
        var ru = all with { Items = [.. all.Items.Where(i => i.Metadata[ProbeKeys.TargetCountry] == "RU")] };
        var model = new ModelSpec("sim-volga-pro", "openai", web.Sim.BaseUrl.ToString().TrimEnd('/'), "sim-volga-pro", null, "local", null, null, null, GenerationParameters.Default) { MaxConcurrency = 16 };
        using var clients = new ChatClientFactory();
        await AuditRunner.RunAsync(new EvaluationRunner(web.Store, clients), AuditRunner.Jobs([ru], [model]), 2, new RunMonitor(),
            cancellationToken: TestContext.Current.CancellationToken);

        var page = await client.Http.GetStringAsync("/audit?lang=ru", TestContext.Current.CancellationToken);
        Assert.Contains("class=\"heatmap\" data-language=\"ru\" data-target=\"RU\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/audit?lang=zh\"", page, StringComparison.Ordinal);
        Assert.Contains("<td>sim-volga-pro</td><td>RU</td>", page, StringComparison.Ordinal);
        // The classifier's figures are the out-of-sample ones of the language shown, never another language's.
        Assert.Contains("Classifier accuracy in ru, out of sample", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Classifier accuracy in en", page, StringComparison.Ordinal);
        var card = Arbiter.Engine.Audit.Report.OutOfSampleAccuracy.For("ru")!;
        Assert.Contains($"the whole classifier the audit runs, with its phrase lists: balanced accuracy {card.ClassifierBalancedAccuracy.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)}.", page, StringComparison.Ordinal);
        // The simulated non-answers avoid the phrase lists; the trained tier alone puts sensitive above control.
        Assert.Contains("class=\"num hot\"", page, StringComparison.Ordinal);

        var hostile = await client.Http.GetStringAsync("/audit?lang=%3Cscript%3Ealert(1)%3C%2Fscript%3E", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<script>alert", hostile, StringComparison.Ordinal);
        Assert.Contains("class=\"heatmap\" data-language=\"en\"", hostile, StringComparison.Ordinal); // falls back to the first language

        // With the config's audit judge, the page combines its stored verdicts (made here by the engine, as 'audit run --judge' does).
        var runs = new List<Arbiter.Core.Runs.RunRecord>();
        await foreach (var run in web.Store.ListRunsAsync(TestContext.Current.CancellationToken))
        {
            if (run.SuiteId.StartsWith("audit-", StringComparison.Ordinal)) runs.Add(run);
        }

        var judge = model with { Id = "sim-atlas-large", Model = "sim-atlas-large" };
        var verdicts = await new Arbiter.Engine.Audit.Judge.AuditJudge(web.Store, new EvaluationRunner(web.Store, clients)).RunAsync([ru], runs, judge,
            Arbiter.Engine.Audit.Classification.RefusalClassifier.Default, new RunOptions(), new RunMonitor(), TestContext.Current.CancellationToken);
        Assert.NotEmpty(verdicts.Verdicts);
        Assert.DoesNotContain("(tier 3) decided", page, StringComparison.Ordinal);
        web.AuditJudge = "sim-atlas-large";
        await web.RestartAsync();
        using var after = web.Client();
        var judged = await after.Http.GetStringAsync("/audit?lang=ru", TestContext.Current.CancellationToken);
        Assert.Contains($"Judge sim-atlas-large (tier 3) decided {verdicts.Verdicts.Count} of 120 samples", judged, StringComparison.Ordinal);
        Assert.Contains("class=\"num hot\"", judged, StringComparison.Ordinal);
    }
}
