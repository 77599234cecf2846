using System.CommandLine;
using System.Globalization;
using System.Text;
using Arbiter.Engine.Frontier;
using Arbiter.Statistics.Bootstrap;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter frontier</c>: how many months each group is behind a reference group, by threshold crossing.</summary>
internal static class FrontierCommand
{
    public static Command Create()
    {
        var input = new FrontierInput();
        var group = FrontierInput.GroupOption("--group");
        var reference = new Option<string>("--reference") { Description = "Reference group, e.g. US (a country, an organisation, or open/closed)", Required = true };
        var rounds = new Option<int>("--rounds") { Description = "Bootstrap rounds", DefaultValueFactory = _ => BootstrapOptions.Default.Rounds };
        var seed = new Option<ulong>("--seed") { Description = "Bootstrap seed (same seed → identical intervals)", DefaultValueFactory = _ => BootstrapOptions.Default.Seed };
        var format = CliCommon.FormatOption("table", "json", "csv", "html");
        var output = new Option<string?>("--out", "-o") { Description = "Write json, csv or html to this file ('-': standard output); html defaults to arbiter-frontier.html, the others to standard output" };
        var command = new Command("frontier", "Frontier lag: how far each country / organisation / weights group is behind a reference, from published scores and your runs.")
        {
            reference, rounds, seed, format, output,
        };
        input.AddTo(command, group);
        rounds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError($"--rounds must be at least 1, not {r.GetValueOrDefault<int>()}");
        });
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            if (await input.LoadAsync(parse, ct) is not { } table) return ExitCodes.Usage;
            var options = new FrontierOptions
            {
                Grouping = FrontierInput.Grouping(parse.GetValue(group)!),
                Reference = parse.GetValue(reference)!,
                Benchmarks = parse.GetValue(input.Benchmarks) ?? [],
                AsOf = input.AsOfDate(parse),
                Bootstrap = new BootstrapOptions { Rounds = parse.GetValue(rounds), Seed = parse.GetValue(seed) },
            };
            FrontierLagResult result;
            try
            {
                result = FrontierLagAnalysis.Compute(table, options);
            }
            catch (FrontierInputException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Usage;
            }

            foreach (var note in result.Notes) await Console.Error.WriteLineAsync("note: " + note);
            var fmt = parse.GetValue(format)!;
            var text = fmt switch
            {
                "json" => FrontierWriter.Json(result) + "\n",
                "csv" => FrontierWriter.Csv(result),
                "html" => FrontierHtmlReport.Render($"Frontier lag behind {options.Reference}", [new FrontierView(table, options, result) { Heading = "Lag by threshold crossing", Source = input.Describe(parse) }], DateTimeOffset.UtcNow),
                _ => null,
            };
            var path = parse.GetValue(output) ?? (fmt == "html" ? "arbiter-frontier.html" : "-");
            if (text is null) Print(result, options);
            else if (path == "-") Console.Out.Write(text);
            else
            {
                await File.WriteAllTextAsync(path, text, new UTF8Encoding(false), ct);
                AnsiConsole.Console.MarkupLine($"Frontier {Markup.Escape(fmt)} written to [bold]{Markup.Escape(Path.GetFullPath(path))}[/]");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static void Print(FrontierLagResult result, FrontierOptions options)
    {
        var title = $"Lag behind {options.Reference} as of {FrontierDates.Iso(options.AsOf)} (threshold crossing; {options.Bootstrap.Rounds.ToString(CultureInfo.InvariantCulture)}-round bootstrap, 95%)";
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        table.AddColumns("Group", "Benchmark", "Current lag", "Median record lag", "95% CI (days)", "Records");
        foreach (var c in new[] { 2, 3, 4, 5 }) table.Columns[c].RightAligned();
        foreach (var r in result.Rows)
        {
            var censored = r.Records.Count(x => x.Censored);
            var records = r.Benchmark == "*" ? "" : r.Records.Count.ToString(CultureInfo.InvariantCulture) + (censored > 0 ? $" ({censored.ToString(CultureInfo.InvariantCulture)} censored)" : "");
            var name = r.Benchmark == "*" ? "[bold]all (median)[/]" : Markup.Escape(r.Benchmark);
            table.AddRow(Markup.Escape(r.Group), name, Days(r.CurrentLagDays), Days(r.MedianRecordLagDays),
                string.Create(CultureInfo.InvariantCulture, $"{r.Lower:0.#} – {r.Upper:0.#}"), records);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[dim]Positive: behind the reference; negative: got there first. A censored record is one the reference had not reached by the as-of date.[/]");
    }

    private static string Days(double days) =>
        string.Create(CultureInfo.InvariantCulture, $"{days:0.#} d ({FrontierDates.Months(days):0.0} mo)");
}
