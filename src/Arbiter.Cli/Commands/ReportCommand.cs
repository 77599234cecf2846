using System.CommandLine;
using System.Text;
using Arbiter.Core.Storage;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Reports.Html;
using Arbiter.Statistics.Bootstrap;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter report [RUN…] [--out FILE] [--format html|md|json|csv]</c>: writes a report file.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var selection = new RunSelection();
        var format = CliCommon.FormatOption("html", "md", "json", "csv");
        var output = new Option<string?>("--out", "-o") { Description = "Output file ('-' for standard output; default arbiter-report.<format>)" };
        var noCompare = new Option<bool>("--no-compare") { Description = "Leave out the paired-comparison matrix (faster for very many models)" };
        var frontier = new ReportFrontier();
        var command = new Command("report", "Write a report (self-contained HTML with charts, or Markdown, JSON, CSV) for stored runs, optionally with the frontier lag (--frontier US).") { format, output, noCompare };
        selection.AddTo(command);
        frontier.AddTo(command);
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            await using var store = await selection.OpenStoreAsync(parse, ct);
            var runs = await RunSelection.LoadAsync(store, selection.Filter(parse), ct);
            if (runs is null) return ExitCodes.Usage;
            var fmt = parse.GetValue(format)!;
            var (views, error) = frontier.Build(parse, fmt, runs, selection.ConfigModels(parse), selection.Bootstrap(parse));
            if (error is not null)
            {
                await Console.Error.WriteLineAsync($"error: {error}");
                return ExitCodes.Usage;
            }

            foreach (var note in views.SelectMany(v => v.Result.Notes)) await Console.Error.WriteLineAsync("note: " + note);
            var options = new ReportOptions { GeneratedAt = DateTimeOffset.UtcNow, IncludeComparisons = !parse.GetValue(noCompare) };
            var report = ReportBuilder.Build(runs, options, selection.Bootstrap(parse));
            var text = views.Count > 0 ? HtmlReportWriter.Render(report, views) : Render(report, fmt);
            var path = parse.GetValue(output) ?? $"arbiter-report.{fmt}";
            if (path == "-")
            {
                Console.Out.Write(text);
                return ExitCodes.Ok;
            }

            await File.WriteAllTextAsync(path, text, new UTF8Encoding(false), ct);
            AnsiConsole.Console.MarkupLine($"Report ({runs.Count} runs) written to [bold]{Markup.Escape(Path.GetFullPath(path))}[/]");
            if (runs.Count > 0 || views.Count > 0) return ExitCodes.Ok;
            await Console.Error.WriteLineAsync("error: no runs matched the selection (see 'arbiter runs list'); the report says so and is otherwise empty");
            return ExitCodes.Usage;
        }, ct));
        return command;
    }

    public static string Render(EvaluationReport report, string format) => format switch
    {
        "md" => MarkdownReportWriter.Render(report),
        "json" => JsonReportWriter.Render(report),
        "csv" => CsvReportWriter.Render(report),
        _ => HtmlReportWriter.Render(report),
    };

    /// <summary>Writes the HTML report of the given runs (the demo's last step) and returns its full path.</summary>
    public static async Task<string> WriteHtmlAsync(IRunStore store, IReadOnlyList<string> runIds, string path, CancellationToken ct)
    {
        var runs = await new RunFilter { RunIds = runIds }.LoadAsync(store, ct);
        var report = ReportBuilder.Build(runs, new ReportOptions { Title = "Arbiter demo report (simulated models)", GeneratedAt = DateTimeOffset.UtcNow }, BootstrapOptions.Default);
        // The frontier section as 'arbiter report --frontier US' writes it, from the demo's (simulated) runs.
        await File.WriteAllTextAsync(path, HtmlReportWriter.Render(report, [DemoFrontier.RunsView(runs)]), new UTF8Encoding(false), ct);
        return Path.GetFullPath(path);
    }
}
