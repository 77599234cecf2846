using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Arbiter.Cli.Display;
using Arbiter.Core.Runs;
using Arbiter.Engine.Config;
using Arbiter.Engine.Reports;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter runs list|show</c>.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var command = new Command("runs", "List and inspect stored runs.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Command List()
    {
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var format = CliCommon.FormatOption("table", "json");
        var command = new Command("list", "List runs, newest first.") { config, db, format };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), CliCommon.OptionalConfig(parse, config)?.Run, StoreAccess.ReadOnly, ct);
            var results = new List<RunResult>();
            await foreach (var run in store.ListRunsAsync(ct)) results.Add(await RunResults.ComputeAsync(store, run, ct));
            if (parse.GetValue(format) == "json")
            {
                Console.WriteLine(ResultsTable.Json(results));
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded);
            foreach (var c in new[] { "run", "created (UTC)", "model", "suite", "status", "samples", "accuracy", "errors", "blocked by policy" }) table.AddColumn(c);
            foreach (var r in results)
            {
                table.AddRow(r.Run.RunId, DateTimeOffset.FromUnixTimeMilliseconds(r.Run.CreatedAtMs).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Markup.Escape(r.Run.ModelId), Markup.Escape(r.Run.SuiteId),
                    r.Run.Status == RunStatus.Completed ? "[green]completed[/]" : "[yellow]incomplete[/]",
                    string.Create(CultureInfo.InvariantCulture, $"{r.Samples}/{r.Run.ExpectedSamples}"),
                    r.Accuracy.IsEmpty ? "–" : string.Create(CultureInfo.InvariantCulture, $"{r.Accuracy.Mean * 100:0.0}%"),
                    r.Errors.ToString(CultureInfo.InvariantCulture),
                    r.BlockedByPolicy.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Console.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Show()
    {
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var id = new Argument<string>("run-id") { Description = "Run id (see 'arbiter runs list')" };
        var samples = new Option<int>("--samples") { Description = "Show this many samples", DefaultValueFactory = _ => 10 };
        var format = CliCommon.FormatOption("table", "json");
        var command = new Command("show", "Show a run's summary and samples.") { id, config, db, samples, format };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), CliCommon.OptionalConfig(parse, config)?.Run, StoreAccess.ReadOnly, ct);
            var runId = parse.GetValue(id)!;
            var run = await store.GetRunAsync(runId, ct) ?? throw new InputException("run-id", $"no run with id '{runId}' in {store} (see 'arbiter runs list')");
            var result = await RunResults.ComputeAsync(store, run, ct);
            var shown = new List<SampleRecord>();
            await foreach (var s in store.ReadSamplesAsync(runId, ct))
            {
                if (shown.Count >= parse.GetValue(samples)) break;
                shown.Add(s);
            }

            if (parse.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new { run, samples = shown }, JsonOut.Indented));
                return ExitCodes.Ok;
            }

            ResultsTable.Print([result], AnsiConsole.Console);
            var table = new Table().Border(TableBorder.Simple);
            foreach (var c in new[] { "item", "epoch", "status", "score", "extracted / why", "answer" }) table.AddColumn(c);
            foreach (var s in shown)
            {
                var answer = s.Response.Text ?? s.Response.Error ?? "";
                table.AddRow(Markup.Escape(s.ItemId), s.Epoch.ToString(CultureInfo.InvariantCulture), s.Response.Status.ToString(),
                    s.Score is null ? "–" : s.Score.Value.ToString("0.##", CultureInfo.InvariantCulture),
                    Markup.Escape(s.Score?.Explanation ?? ""), Markup.Escape(answer.Length > 80 ? answer[..80] + "…" : answer));
            }

            AnsiConsole.Console.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
