using System.CommandLine;
using Arbiter.Cli;
using Arbiter.Cli.Commands;

// First, before the thread pool grows: each new thread would get a malloc arena of its own (see MallocArenas).
MallocArenas.Cap(2);

var root = new RootCommand("Arbiter — sovereign, self-hosted evaluation of large language models.")
{
    DemoCommand.Create(),
    RunCommand.Create(),
    RunsCommand.Create(),
    ReportCommand.Create(),
    CompareCommand.Create(),
    ModelsCommand.Create(),
    SuitesCommand.Create(),
    SimCommand.Create(),
    ArenaCommand.Create(),
    AuditCommand.Create(),
    ServeCommand.Create(),
    PolicyCommand.Create(),
    AuditLogCommand.Create(),
    FrontierCommand.Create(),
    LeaderboardCommand.Create(),
    LabelsCommand.Create(),
    ImportCommand.Create(),
    ReplayCommand.Create(),
    MeraCommand.Create(),
    WorkerCommand.Create(),
};

// Redirected output (CI logs, pipes) has no terminal width; Spectre would assume 80 columns and
// wrap table cells mid-word. Use $COLUMNS when set, else a width that keeps tables on one line.
if (Console.IsOutputRedirected)
{
    var columns = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.CultureInfo.InvariantCulture, out var c) && c > 40 ? c : 160;
    Spectre.Console.AnsiConsole.Profile.Width = columns;
}

var parse = root.Parse(args);
if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("Run 'arbiter --help' for usage.");
    return ExitCodes.Usage;
}

return await parse.InvokeAsync();
