using System.CommandLine;
using Arbiter.Cli;
using Arbiter.Cli.Commands;

var root = new RootCommand("Arbiter — sovereign, self-hosted evaluation of large language models.")
{
    DemoCommand.Create(),
    RunCommand.Create(),
    RunsCommand.Create(),
    ModelsCommand.Create(),
    SuitesCommand.Create(),
    SimCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("Run 'arbiter --help' for usage.");
    return ExitCodes.Usage;
}

return await parse.InvokeAsync();
