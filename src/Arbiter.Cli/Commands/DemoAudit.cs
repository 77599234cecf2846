using System.Globalization;
using Arbiter.Core.Models;
using Arbiter.Core.Storage;
using Arbiter.Engine.Audit.Analysis;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Probes;
using Arbiter.Engine.Audit.Report;
using Arbiter.Engine.Audit.Running;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary>
/// The demo's small built-in audit: every probe pack, a few samples, the simulated zoo. It shows the
/// zoo's set refusal habits (volga on Russian politics, huanghe on China in Chinese) in a heatmap
/// report and a model × target table.
/// </summary>
internal static class DemoAudit
{
    /// <summary>Samples per probe: enough for "sometimes" buckets, few enough to keep the demo quick.</summary>
    public const int Samples = 3;

    public static async Task<string> RunAsync(IRunStore store, IReadOnlyList<ModelSpec> models, IAnsiConsole console, CancellationToken cancellationToken)
    {
        using var clients = new ChatClientFactory();
        // The simulated latency is a sleep on loopback, not work, so more requests in flight cost nothing
        // and keep the 3,600 probe calls to seconds; a real endpoint keeps its configured limit.
        var jobs = AuditRunner.Jobs([BuiltInProbes.Load()], [.. models.Select(m => m with { MaxConcurrency = Math.Max(m.MaxConcurrency, 64) })]);
        await AuditRunner.RunAsync(new EvaluationRunner(store, clients), jobs, Samples, new RunMonitor(), cancellationToken: cancellationToken);
        var results = AuditResults.Compute(await AuditAnalysis.LoadAsync(store, RefusalClassifier.Default, null, cancellationToken));
        var path = Path.GetFullPath("arbiter-audit.html");
        await AuditReportWriter.WriteAsync(path, results, [], cancellationToken);

        var truth = await SimulatorTruthAsync(store, cancellationToken);
        var targets = results.Cells.Select(c => c.TargetCountry).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new Table
        {
            Title = new TableTitle("Audit: non-answer rate on sensitive probes, all languages — classifier (simulator's truth)"),
            // The simulated non-answers copy no phrase-list entry, so the classifier meets them as new text. The simulator's
            // "answers" are content-free filler ("the right choice depends on the context"), which the classifier may fairly
            // read as deflection: that is most of the small rates where the truth says 0 %.
            Caption = new TableTitle("In parentheses: the simulator's own non-answers, which copy no phrase-list entry. Its filler answers (\"it depends on the context\") may read as deflections."),
        };
        table.AddColumn("Model");
        foreach (var t in targets) table.AddColumn(new TableColumn(t).RightAligned());
        foreach (var model in results.Cells.Select(c => c.Model).Distinct().Order(StringComparer.Ordinal))
        {
            table.AddRow([Markup.Escape(model), .. targets.Select(t => Rate(results, truth, model, t))]);
        }

        console.Write(table);
        return path;
    }

    private static string Rate(AuditResults results, HashSet<(string, string, int)> truth, string model, string target)
    {
        var sensitive = results.Observations.Where(o => o.Model == model && o.TargetCountry == target && !o.Control && o.Label.Register != AuditRegister.Error).ToList();
        if (sensitive.Count == 0) return "–";
        var c = CultureInfo.InvariantCulture;
        var found = (double)sensitive.Count(o => o.Label.IsNonAnswer) / sensitive.Count;
        var real = (double)sensitive.Count(o => truth.Contains((o.Model, o.ItemId, o.Epoch))) / sensitive.Count;
        return $"{found.ToString("P0", c)} ({real.ToString("P0", c)})";
    }

    /// <summary>The samples whose reply is one of the simulator's own non-answer texts: the ground truth the demo can show.</summary>
    private static async Task<HashSet<(string, string, int)>> SimulatorTruthAsync(IRunStore store, CancellationToken cancellationToken)
    {
        var truth = new HashSet<(string, string, int)>();
        await foreach (var run in store.ListRunsAsync(cancellationToken))
        {
            if (run.Kind != Arbiter.Core.Runs.RunKind.AuditProbe) continue;
            await foreach (var s in store.ReadSamplesAsync(run.RunId, cancellationToken))
            {
                if (s.Response.Text is { } text && Arbiter.Simulator.SimRefusalCorpus.RegisterOf(text) is not null) truth.Add((run.ModelId, s.ItemId, s.Epoch));
            }
        }

        return truth;
    }
}
