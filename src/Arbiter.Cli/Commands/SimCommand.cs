using System.CommandLine;
using Arbiter.Engine.Suites;
using Arbiter.Simulator;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter sim serve</c>: the simulated OpenAI-compatible server, standalone.</summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port", "-p") { Description = "Loopback port (0: any free port)", DefaultValueFactory = _ => 8765 };
        var latency = new Option<double>("--latency-scale") { Description = "Multiply simulated latencies (0: none)", DefaultValueFactory = _ => 1.0 };
        var serve = new Command("serve", "Serve the simulated models on 127.0.0.1 until Ctrl+C.") { port, latency };
        serve.SetAction(async (parse, ct) =>
        {
            var suites = BuiltInSuites.List();
            await using var server = await SimulatedModelServer.StartAsync(new SimServerOptions
            {
                Port = parse.GetValue(port),
                LatencyScale = parse.GetValue(latency),
                Knowledge = SimKnowledge.FromSuites(suites),
            }, ct);
            AnsiConsole.Console.MarkupLine($"[yellow]Simulated[/] OpenAI-compatible server at [bold]{server.BaseUrl}[/] serving: {string.Join(", ", SimModelZoo.Default.Select(m => m.Name))}");
            AnsiConsole.Console.MarkupLine("Press Ctrl+C to stop.");
            try
            {
                await server.WaitForShutdownAsync(ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: normal shutdown.
            }

            return ExitCodes.Ok;
        });
        var command = new Command("sim", "The built-in simulated model server.");
        command.Subcommands.Add(serve);
        return command;
    }
}
