using System.Globalization;
using System.Text.Json;
using Arbiter.Engine.Providers.Replay;
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
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Accuracy %[/] ± half-width of the 95% Wilson interval over items")
            .Caption(Inv($"[grey]{results.Sum(r => r.Samples)} samples in {results.Count} runs; errors score 0; samples blocked by policy are not scored; with epochs each item counts once (its mean)[/]"));
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
                row.Add(cell.Count == 0 ? "[grey]–[/]" : Cell(RunResults.Pool(cell)));
            }

            row.Add("[bold]" + Cell(RunResults.Pool([.. group])) + "[/]");
            table.AddRow(row.ToArray());
        }

        console.Write(table);

        var epochs = results.Any(r => r.Consistency.HasRepeats);
        var totals = new Table().Border(TableBorder.Rounded).Title("[bold]Per model[/]");
        string[] columns = ["model", "accuracy", "items", "errors", "blocked by policy", "tokens", "latency", "cost", "per correct"];
        foreach (var c in epochs ? [.. columns, "always/sometimes/never", "majority vote"] : columns) totals.AddColumn(c);
        foreach (var group in results.GroupBy(r => r.Run.ModelId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var t = RunResults.Totals([.. group]);
            var unknown = t.UsageUnknownSamples > 0 ? Inv($" [grey](+ unknown: {t.UsageUnknownSamples} answers without usage)[/]") : "";
            var cost = t.Cost is not { } c ? "[grey]unknown[/]"
                : t.CacheHits > 0 ? Inv($"{c:0.####} {t.Currency} [grey](spent {t.SpentCost:0.####}; {t.CacheHits} from cache)[/]")
                : Inv($"{c:0.####} {t.Currency}");
            List<string> row =
            [
                Markup.Escape(group.Key),
                Cell(t.Accuracy),
                Inv($"{t.Accuracy.Count}"),
                t.Errors > 0 ? Inv($"[red]{t.Errors}[/]") : "0",
                t.BlockedByPolicy > 0 ? Inv($"[yellow]blocked by policy ({t.BlockedByPolicy})[/]") : "0",
                t.TokensUnknown ? "[grey]unknown[/]" : Inv($"{(t.InputTokens + t.OutputTokens) / 1000.0:0.#}k") + unknown,
                Inv($"{t.MeanLatencyMs:0} ms"),
                cost,
                t.CostPerCorrect is { } pc ? Inv($"{pc:0.#####} {t.Currency}") : "[grey]unknown[/]",
            ];
            if (epochs) row.AddRange([Inv($"{t.Consistency.Always}/{t.Consistency.Sometimes}/{t.Consistency.Never}"), Inv($"{t.Consistency.MajorityVoteAccuracy * 100:0.0}%")]);
            totals.AddRow([.. row]);
        }

        console.Write(totals);
        foreach (var r in results.Where(r => r.Unscored > 0))
        {
            console.MarkupLine(Inv($"[yellow]{Markup.Escape(r.Run.ModelId)} on {Markup.Escape(r.Run.SuiteId)}: {r.Unscored} answers without a score (the rubric judge gave no verdict, failed or was blocked); counted as 0[/]"));
        }
    }

    /// <summary>The runs as JSON; <paramref name="replays"/> adds each replay run's agreement with its recorded scores, row by row.</summary>
    public static string Json(IReadOnlyList<RunResult> results, IReadOnlyList<ReplayAgreement>? replays = null) => JsonSerializer.Serialize(new
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
            items = r.Accuracy.Count,
            accuracy = r.Accuracy.IsEmpty ? (double?)null : Math.Round(r.Accuracy.Mean, 6),
            ciLower = r.Accuracy.IsEmpty ? (double?)null : Math.Round(r.Accuracy.Interval.Lower, 6),
            ciUpper = r.Accuracy.IsEmpty ? (double?)null : Math.Round(r.Accuracy.Interval.Upper, 6),
            errors = r.Errors,
            contentFiltered = r.ContentFiltered,
            blockedByPolicy = r.BlockedByPolicy,
            unscored = r.Unscored,
            inputTokens = r.TokensUnknown ? (long?)null : r.InputTokens,
            outputTokens = r.TokensUnknown ? (long?)null : r.OutputTokens,
            usageUnknownSamples = r.UsageUnknownSamples,
            cost = r.UsageUnknownSamples > 0 ? null : r.Cost,
            spentCost = r.UsageUnknownSamples > 0 ? null : r.SpentCost,
            cacheHits = r.CacheHits,
            currency = r.Currency,
            meanLatencyMs = Math.Round(r.MeanLatencyMs, 3),
            epochs = new
            {
                maxPerItem = r.Consistency.MaxEpochs,
                always = r.Consistency.Always,
                sometimes = r.Consistency.Sometimes,
                never = r.Consistency.Never,
                majorityVoteAccuracy = Math.Round(r.Consistency.MajorityVoteAccuracy, 6),
                agreement = Math.Round(r.Consistency.Agreement, 6),
            },
        }),
        // The same fields as `arbiter replay --format json`, so a script reads either the same way.
        replays = (replays ?? []).Select(a => new
        {
            a.RunId, a.RecordedScorer, a.Compared, a.Agreed, a.AgreePercent, a.MeanAbsoluteDifference, a.Unanswered, a.RecordedUnscored, rows = a.Rows,
        }),
    }, JsonOut.Indented);

    private static string Cell(ProportionEstimate p) => p.IsEmpty
        ? "[grey]–[/]"
        : Inv($"{p.Mean * 100:0.0}[grey]±{(p.Interval.Upper - p.Interval.Lower) * 50:0.0}[/]");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
