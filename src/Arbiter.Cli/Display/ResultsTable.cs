using System.Globalization;
using System.Text.Json;
using Arbiter.Engine.Reports;
using Arbiter.Statistics.Intervals;
using Spectre.Console;

namespace Arbiter.Cli.Display;

/// <summary>Prints run results: a model × language table over domains, and per-model totals.</summary>
internal static class ResultsTable
{
    public static void Print(IReadOnlyList<RunResult> results, IAnsiConsole console)
    {
        if (results.Count == 0)
        {
            console.MarkupLine("[grey]No runs.[/]");
            return;
        }

        var domains = results.Select(r => r.Run.Domain).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Accuracy %[/] ± half-width of the 95% Wilson interval")
            .Caption(Inv($"[grey]{results.Sum(r => r.Samples)} samples in {results.Count} runs; errors score 0[/]"));
        table.AddColumn("model");
        table.AddColumn("lang");
        table.AddColumn(new TableColumn("n").RightAligned());
        foreach (var d in domains) table.AddColumn(new TableColumn(Markup.Escape(d)).RightAligned());
        table.AddColumn(new TableColumn("[bold]all[/]").RightAligned());
        foreach (var group in results.GroupBy(r => (r.Run.ModelId, r.Run.Language)).OrderBy(g => g.Key.ModelId, StringComparer.Ordinal).ThenBy(g => g.Key.Language, StringComparer.Ordinal))
        {
            var row = new List<string> { Markup.Escape(group.Key.ModelId), group.Key.Language, Inv($"{group.Sum(r => r.Samples)}") };
            foreach (var d in domains)
            {
                var cell = group.Where(r => r.Run.Domain == d).ToList();
                row.Add(cell.Count == 0 ? "[grey]–[/]" : Cell(Pool(cell)));
            }

            row.Add("[bold]" + Cell(Pool(group.ToList())) + "[/]");
            table.AddRow(row.ToArray());
        }

        console.Write(table);

        var totals = new Table().Border(TableBorder.Rounded).Title("[bold]Per model[/]");
        foreach (var c in new[] { "model", "accuracy", "n", "errors", "tokens", "latency", "cost", "per correct" }) totals.AddColumn(c);
        foreach (var group in results.GroupBy(r => r.Run.ModelId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = group.ToList();
            var acc = Pool(list);
            var currency = list.Select(r => r.Currency).FirstOrDefault(c => c is not null);
            decimal? cost = list.All(r => r.Cost is not null) ? list.Sum(r => r.Cost!.Value) : null;
            var perCorrect = cost is { } c && acc.Successes > 0 ? c / (decimal)acc.Successes : (decimal?)null;
            totals.AddRow(
                Markup.Escape(group.Key),
                Cell(acc),
                Inv($"{list.Sum(r => r.Samples)}"),
                list.Sum(r => r.Errors) is var e && e > 0 ? Inv($"[red]{e}[/]") : "0",
                Inv($"{(list.Sum(r => r.InputTokens) + list.Sum(r => r.OutputTokens)) / 1000.0:0.#}k"),
                Inv($"{list.Average(r => r.MeanLatencyMs):0} ms"),
                cost is null ? "[grey]unknown[/]" : Inv($"{cost:0.####} {currency}"),
                perCorrect is null ? "[grey]unknown[/]" : Inv($"{perCorrect:0.#####} {currency}"));
        }

        console.Write(totals);
    }

    public static string Json(IReadOnlyList<RunResult> results) => JsonSerializer.Serialize(new
    {
        runs = results.Select(r => new
        {
            runId = r.Run.RunId,
            suite = r.Run.SuiteId,
            suiteVersion = r.Run.SuiteVersion,
            model = r.Run.ModelId,
            domain = r.Run.Domain,
            language = r.Run.Language,
            status = r.Run.Status.ToString().ToLowerInvariant(),
            samples = r.Samples,
            accuracy = Math.Round(r.Accuracy.Mean, 6),
            ciLower = Math.Round(r.Accuracy.Interval.Lower, 6),
            ciUpper = Math.Round(r.Accuracy.Interval.Upper, 6),
            errors = r.Errors,
            contentFiltered = r.ContentFiltered,
            inputTokens = r.InputTokens,
            outputTokens = r.OutputTokens,
            cost = r.Cost,
            currency = r.Currency,
            meanLatencyMs = Math.Round(r.MeanLatencyMs, 3),
        }),
    }, JsonOut.Indented);

    private static ProportionEstimate Pool(IReadOnlyList<RunResult> runs) =>
        ProportionEstimate.FromCounts(runs.Sum(r => r.Accuracy.Successes), runs.Sum(r => r.Samples));

    private static string Cell(ProportionEstimate p) => p.IsEmpty
        ? "[grey]–[/]"
        : Inv($"{p.Mean * 100:0.0}[grey]±{(p.Interval.Upper - p.Interval.Lower) * 50:0.0}[/]");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
