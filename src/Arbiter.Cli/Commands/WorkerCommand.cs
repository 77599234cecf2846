using System.CommandLine;
using Arbiter.Cluster.Hosting;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter worker --database-url …</c>: one Orleans silo of the cluster on that PostgreSQL database.
/// Orleans is loaded only when this command runs; every other command keeps the single-machine path.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var database = new Option<string>("--database-url")
        {
            Description = "PostgreSQL database the workers meet on (Host=… or postgres://…; the same as the store's)",
            Required = true,
        };
        var siloPort = new Option<int>("--silo-port") { Description = "Port for silo-to-silo traffic", DefaultValueFactory = _ => 11111 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Port clients connect to", DefaultValueFactory = _ => 30000 };
        var maxInFlight = new Option<int?>("--max-in-flight")
        {
            Description = "This worker's capacity: model calls in flight at once over all its shards (default: only the endpoints' cluster-wide caps)",
        };
        CliCommon.AtLeast(maxInFlight, 1);
        var leaseTtl = new Option<double?>("--lease-ttl")
        {
            Description = "Seconds a dead worker's endpoint slots stay taken before they come back (default 30; give every worker the same)",
        };
        leaseTtl.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && !(v >= 1)) r.AddError($"--lease-ttl must be at least 1 second, not {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        });
        var command = new Command("worker", "Run one cluster worker (an Orleans silo) until Ctrl+C. See README, Scale-out.")
        {
            database, siloPort, gatewayPort, maxInFlight, leaseTtl,
        };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(() =>
            RunAsync(new WorkerOptions(parse.GetValue(database)!, parse.GetValue(siloPort), parse.GetValue(gatewayPort))
            {
                MaxInFlight = parse.GetValue(maxInFlight),
                BudgetLeaseTtl = parse.GetValue(leaseTtl) is { } ttl ? TimeSpan.FromSeconds(ttl) : null,
            }, ct), ct));
        return command;
    }

    private static async Task<int> RunAsync(WorkerOptions options, CancellationToken ct)
    {
        using var host = await ClusterWorker.BuildAsync(options, ct);
        await host.StartAsync(ct);
        AnsiConsole.MarkupLine($"Worker joined cluster [bold]{Markup.Escape(options.ClusterId)}[/] (silo port {options.SiloPort}, gateway {options.GatewayPort}) — press Ctrl+C to stop.");
        // The host's console lifetime owns Ctrl+C/SIGTERM: it stops the silo (leaving the cluster
        // cleanly) and this returns; a cancelled ct stops it the same way.
        await host.WaitForShutdownAsync(ct);
        return ExitCodes.Ok;
    }
}
