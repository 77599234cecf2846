using System.CommandLine;
using Arbiter.Cli.Display;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Suites;
using Arbiter.Simulator;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter demo</c>: starts the simulated model server on loopback and evaluates its models on
/// every built-in suite through the real client code, storing results in the default database.
/// </summary>
internal static class DemoCommand
{
    // Enough simulated votes that each of the five models has well over the board's 30-battle minimum (about 240 each).
    private const int DemoVotes = 600;

    public static Command Create()
    {
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var limit = new Option<int?>("--limit") { Description = "Use only the first N items of each suite" };
        var concurrency = new Option<int>("--concurrency") { Description = "Max concurrent requests per model", DefaultValueFactory = _ => 16 };
        var noServe = new Option<bool>("--no-serve") { Description = "Exit after the evaluation instead of serving the web UI" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display" };
        var port = ServeCommand.PortOption();
        var format = CliCommon.FormatOption("table", "json");
        var command = new Command("demo", "Run the built-in suites against the built-in simulated models (no network, no keys).")
        {
            config, db, limit, concurrency, noServe, quiet, format, port,
        };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var console = AnsiConsole.Console;
            var json = parse.GetValue(format) == "json";
            var suites = BuiltInSuites.List();
            await using var server = await SimulatedModelServer.StartAsync(new SimServerOptions { Knowledge = SimKnowledge.FromSuites(suites) }, ct);
            var models = DemoSetup.Models(server.BaseUrl, parse.GetValue(concurrency));
            if (!json)
            {
                console.MarkupLine($"[bold]Arbiter demo[/] — simulated model server (clearly labelled [yellow]simulation[/]) at [link]{server.BaseUrl}[/]");
                console.MarkupLine($"{models.Count} models × {suites.Count} built-in suites ({suites.Sum(s => s.Items.Count)} items; domains × ru/zh/en)");
            }

            // The same database as every other command: --db, else the config's run.database / databaseUrlEnv.
            var run = CliCommon.OptionalConfig(parse, config)?.Run;
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), run, ct);
            var jobs = models.SelectMany(m => suites.Select(s => new RunJob(s, m))).ToList();
            var options = new RunOptions(Limit: parse.GetValue(limit), Stream: true);
            var results = await RunCommand.ExecuteAsync(store, jobs, options, json || parse.GetValue(quiet), ct);
            if (json)
            {
                Console.WriteLine(ResultsTable.Json(results));
            }
            else
            {
                ResultsTable.Print(results, console);
                console.MarkupLine($"Simulated server handled {server.Stats.TotalChatRequests} chat requests in this invocation.");
                var report = await ReportCommand.WriteHtmlAsync(store, [.. results.Select(r => r.Run.RunId)], "arbiter-report.html", ct);
                console.MarkupLine($"Report written to [bold]{Markup.Escape(report)}[/] (one self-contained HTML file; open it in any browser).");
                var votes = SimArenaVotes.Generate(SimModelZoo.Default, DemoVotes);
                var added = await store.AddBattlesAsync(votes, ct);
                console.MarkupLine($"Arena: {votes.Count} [yellow]simulated[/] votes between the simulated models ({added} new in the store; see [bold]arbiter arena leaderboard[/]).");
                var frontier = await DemoFrontier.WriteAsync(store, [.. results.Select(r => r.Run.RunId)], DemoFrontier.ArenaView(votes, models), "arbiter-frontier.html", ct);
                console.MarkupLine($"Frontier lag written to [bold]{Markup.Escape(frontier)}[/] (the [yellow]simulated[/] models on the suites and the arena rating, next to published scores; see [bold]arbiter frontier[/]).");
                var audit = await DemoAudit.RunAsync(store, models, console, ct);
                console.MarkupLine($"Refusal audit written to [bold]{Markup.Escape(audit)}[/] (heatmaps per language; see [bold]arbiter audit[/]).");
                console.MarkupLine($"Results stored in [bold]{Markup.Escape(store.ToString() ?? "")}[/] — see [bold]arbiter runs list[/].");
            }

            // The web UI runs on the same simulated models, so the arena works with no keys and no network.
            return parse.GetValue(noServe) ? ExitCodes.Ok : await ServeCommand.ServeAsync(store, models, parse.GetValue(port), "127.0.0.1", simulated: true, ct);
        }, ct));
        return command;
    }
}
