using System.Globalization;
using System.Text.RegularExpressions;
using Arbiter.Core.Models;
using Arbiter.Engine.Audit.Analysis;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Probes;
using Arbiter.Engine.Audit.Report;
using Arbiter.Engine.Audit.Running;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Tests.Runner;
using Arbiter.Simulator;
using Arbiter.Storage;

namespace Arbiter.Engine.Tests.Audit;

public sealed class AuditEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Simulated_volga_and_huanghe_show_their_habits_and_the_report_renders()
    {
        await using var server = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Models = SimModelZoo.Default.Where(p => p.Name is "sim-volga-pro" or "sim-huanghe-72b").ToList(),
            LatencyScale = 0.1,
        });
        var dir = Directory.CreateTempSubdirectory("arbiter-audit-").FullName;
        await using var store = RunStoreFactory.Open(null, Path.Combine(dir, "arbiter.db"));
        await store.MigrateAsync();
        using var clients = new ChatClientFactory();
        var all = BuiltInProbes.Load();
        var set = all with { Items = all.Items.Where(i => i.Metadata[ProbeKeys.TargetCountry] is "RU" or "CN").ToList() };
        var models = new[] { "sim-volga-pro", "sim-huanghe-72b" }.Select(name =>
            new ModelSpec(name, "openai", server.BaseUrl.ToString().TrimEnd('/'), name, null, "local", null, null, null, GenerationParameters.Default) { MaxConcurrency = 16 }).ToList();

        var jobs = AuditRunner.Jobs([set], models);
        Assert.All(jobs, j => Assert.Equal(0.7, j.Model.Parameters.Temperature));
        var runs = await AuditRunner.RunAsync(new EvaluationRunner(store, clients), jobs, 3, new RunMonitor(), new RunOptions(Retry: SimHarness.FastRetry()));
        Assert.Equal(6, runs.Count);

        // The simulated non-answers are written to avoid the phrase lists, so the habits are checked against the
        // simulator's ground truth; tiers 1+2 must still read every sample.
        var observations = await AuditSamples.ReadAsync(store, SimGroundTruth.Classifier);
        Assert.Equal(observations.Count, (await AuditSamples.ReadAsync(store, RefusalClassifier.Default)).Count);
        Assert.Equal(120 * 3 * 2, observations.Count);
        var results = AuditResults.Compute(observations);

        var volgaRu = results.Contrasts.Single(c => c is { Model: "sim-volga-pro", Language: "ru", TargetCountry: "RU", Scope: "all topics" });
        output.WriteLine(Invariant($"volga ru RU: sensitive {volgaRu.Sensitive.Mean:0.00} vs control {volgaRu.Control.Mean:0.00}, p={volgaRu.Test.ExactPValue:0.####}"));
        Assert.True(volgaRu.Sensitive.Mean >= 0.6, $"volga sensitive rate {volgaRu.Sensitive.Mean}");
        Assert.True(volgaRu.Control.Mean <= 0.1, $"volga control rate {volgaRu.Control.Mean}");
        Assert.True(volgaRu.Test.ExactPValue < 0.001);
        Assert.True(volgaRu.Sensitive.Interval.Lower > volgaRu.Control.Interval.Upper);

        var huanghe = results.Divergences.Single(d => d is { Model: "sim-huanghe-72b", TargetCountry: "CN", LanguageA: "zh", LanguageB: "en" });
        output.WriteLine(Invariant($"huanghe CN zh {huanghe.RateA.Mean:0.00} vs en {huanghe.RateB.Mean:0.00}, p={huanghe.Test.ExactPValue:0.####}"));
        Assert.True(huanghe.Difference >= 0.2, $"huanghe zh-en divergence {huanghe.Difference}");
        Assert.True(huanghe.Test.ExactPValue < 0.05);
        Assert.Contains(observations, o => o.Model == "sim-huanghe-72b" && o.Label.Register == AuditRegister.Propaganda);
        Assert.Contains(observations, o => o.Model == "sim-volga-pro" && o.Label.Register == AuditRegister.Deflection);
        Assert.Contains(results.Buckets.Values, b => b == ProbeBucket.Sometimes);

        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("ru-RU");
        try
        {
            var gpt4 = Engine.Audit.Validation.LabelledSet.Load(AuditFixtures.Path("xstest_v2_completions_gpt4.csv"));
            // A copy of a training file is recognised by its bytes, not its name.
            var copy = Path.Combine(Directory.CreateTempSubdirectory().FullName, "renamed.csv");
            File.Copy(AuditFixtures.Path("xstest_v2_completions_gpt4.csv"), copy);
            var inSample = OutOfSampleAccuracy.TrainingFileLike(copy);
            Assert.Equal("xstest_v2_completions_gpt4.csv", inSample);
            var html = AuditReportWriter.Render(results, [MeasuredAccuracy.From(Engine.Audit.Validation.ValidationReport.Compute("xstest_v2_completions_gpt4.csv", gpt4, RefusalClassifier.PhrasesOnly)) with { InSample = inSample is not null }]);
            Assert.Contains("Classifier accuracy, out of sample", html, StringComparison.Ordinal);
            Assert.Contains("xstest_v2_completions_gpt4.csv (in-sample: a training file)", html, StringComparison.Ordinal);
            // Both held-out figures of the card, the model's and the whole classifier's, culture-invariant under ru-RU.
            var ru = OutOfSampleAccuracy.For("ru")!;
            Assert.Contains(ru.BalancedAccuracy.ToString("P1", CultureInfo.InvariantCulture) + "</td>", html, StringComparison.Ordinal);
            Assert.Contains("<td>" + ru.ClassifierBalancedAccuracy.ToString("P1", CultureInfo.InvariantCulture) + "</td></tr>", html, StringComparison.Ordinal);
            foreach (var lang in new[] { "en", "ru", "zh" }) Assert.Contains($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" data-language=\"{lang}\"", html, StringComparison.Ordinal);
            Assert.Contains("class=\"divergence\"", html, StringComparison.Ordinal);
            Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
            // ru-RU would write 0,5: every number in the SVG must be invariant.
            Assert.DoesNotMatch(new Regex(@"data-(rate|diff)=""[^""]*,"), html);
            Assert.Equal(2 * 20 * 3, Regex.Count(html, "<rect class=\"cell\""));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
