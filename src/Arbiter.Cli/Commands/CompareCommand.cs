using System.CommandLine;
using Arbiter.Cli.Display;
using Arbiter.Engine.Reports;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter compare [RUN…] [--format table|json|md]</c>: every pair of models on the same suite
/// (and pooled per domain, language and overall), with paired-bootstrap CIs, McNemar p-values
/// (Holm-adjusted) and won/lost/tied counts. Exit 2 when nothing can be paired, with the reason.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var selection = new RunSelection();
        var format = CliCommon.FormatOption("table", "json", "md");
        var command = new Command("compare", "Paired comparison of models on the same items: differences with CIs, p-values, won/lost/tied.") { format };
        selection.AddTo(command);
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            await using var store = await selection.OpenStoreAsync(parse, ct);
            var runs = await RunSelection.LoadAsync(store, selection.Filter(parse), ct);
            if (runs is null) return ExitCodes.Usage;
            var set = ComparisonBuilder.Build(runs, selection.Bootstrap(parse));
            switch (parse.GetValue(format))
            {
                case "json":
                    Console.Out.Write(CompareJsonWriter.Render(set));
                    break;
                case "md":
                    Console.Out.Write(MarkdownReportWriter.Comparisons(set));
                    break;
                default:
                    CompareTable.Print(set, AnsiConsole.Console);
                    break;
            }

            if (set.HasPairs) return ExitCodes.Ok;
            await Console.Error.WriteLineAsync(runs.Count < 2
                ? $"error: nothing to compare: {runs.Count} run(s) selected; a paired comparison needs two runs of the same suite"
                : set.Groups.Any(g => g.Pairs.Count > 0)
                    ? "error: nothing to compare: the runs that share a suite have no answered item in common (empty or disjoint runs)"
                    : "error: nothing to compare: no two selected runs share a suite (paired comparisons need the same items; runs over different suites are never paired)");
            foreach (var n in set.Notices) await Console.Error.WriteLineAsync($"  {n}");
            return ExitCodes.Usage;
        }, ct));
        return command;
    }
}
