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
        var results = AuditResults.Compute(await AuditSamples.ReadAsync(store, RefusalClassifier.Default, cancellationToken: cancellationToken));
        var path = Path.GetFullPath("arbiter-audit.html");
        await AuditReportWriter.WriteAsync(path, results, [], cancellationToken);

        var targets = results.Cells.Select(c => c.TargetCountry).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new Table { Title = new TableTitle("Audit: non-answer rate on sensitive probes, all languages") };
        table.AddColumn("Model");
        foreach (var t in targets) table.AddColumn(new TableColumn(t).RightAligned());
        foreach (var model in results.Cells.Select(c => c.Model).Distinct().Order(StringComparer.Ordinal))
        {
            table.AddRow([Markup.Escape(model), .. targets.Select(t => Rate(results, model, t))]);
        }

        console.Write(table);
        return path;
    }

    private static string Rate(AuditResults results, string model, string target)
    {
        var sensitive = results.Observations.Where(o => o.Model == model && o.TargetCountry == target && !o.Control && o.Label.Register != AuditRegister.Error).ToList();
        return sensitive.Count == 0 ? "–" : ((double)sensitive.Count(o => o.Label.IsNonAnswer) / sensitive.Count).ToString("P0", CultureInfo.InvariantCulture);
    }
}
