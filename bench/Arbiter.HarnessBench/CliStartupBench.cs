using System.Diagnostics;
using System.Globalization;
using Arbiter.Bench.Shared;
using Arbiter.Simulator;

namespace Arbiter.HarnessBench;

/// <summary>
/// <c>cli-startup</c>: <c>arbiter run</c> (a built CLI, started as <c>dotnet arbiter.dll</c>, as <c>dotnet run</c> and the
/// .NET tool start it) on a native JSONL suite against the simulator in this process at 200 ms per call, concurrency 64,
/// on a new database each time: the time from process start to the first request reaching the server, the whole wall
/// time as a share of the 320 items/s the slots allow, and the CLI's CPU seconds. Variants (builds, or the same build
/// with other <c>DOTNET_</c> settings) take turns round by round, so they see the same load.
/// </summary>
internal static class CliStartupBench
{
    public sealed record Variant(string Name, string CliDll, IReadOnlyDictionary<string, string> Env);

    public static async Task RunAsync(string dir, int port, int items, int rounds, IReadOnlyList<Variant> variants)
    {
        var inv = CultureInfo.InvariantCulture;
        await using var server = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Port = port,
            Models = [SimModelProfile.Simple("sim-bench", 0.8, meanLatencyMs: 200)],
        });
        var suite = Path.Combine(dir, "startup-suite.jsonl");
        await File.WriteAllLinesAsync(suite, Enumerable.Range(0, items).Select(i =>
            string.Create(inv, $$"""{"id":"s{{i}}","input":"What is {{i}} plus one?","target":"{{i + 1}}","scorer":"numeric"}""")));
        var results = variants.ToDictionary(v => v.Name, _ => new List<(double First, double Wall, double Cpu, bool Profiled)>());
        var ideal = items / 320.0;
        Console.WriteLine(string.Create(inv, $"arbiter run, {items} items at 200 ms, concurrency 64, new database each run ({Environment.ProcessorCount} cores; ideal {ideal:0.000} s):"));
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var v in variants)
            {
                var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                var profiled = CliProcess.HasProfile(dir, v, "run");
                var (f, w, c) = await RunOnceAsync(dir, server, suite, v, items, port);
                results[v.Name].Add((f, w, c, profiled));
                Console.WriteLine(string.Create(inv,
                    $"  {v.Name,-24} round {round}, load {load,5}: first request after {f * 1000,6:0} ms, wall {w,6:0.000} s = {ideal / w,6:P1} of ideal, CLI CPU {c,5:0.00} s{(profiled ? "" : " (no start-up profile yet)")}"));
            }
        }

        static double Median(IEnumerable<double> xs)
        {
            var s = xs.OrderBy(x => x).ToList();
            return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
        }

        // Medians over the runs that found their variant's start-up profile (a user's every run but the first), when any did.
        var medians = results.ToDictionary(kv => kv.Key, kv =>
        {
            var counted = kv.Value.Any(r => r.Profiled) ? kv.Value.Where(r => r.Profiled).ToList() : kv.Value;
            return (First: Median(counted.Select(r => r.First)), Wall: Median(counted.Select(r => r.Wall)), Cpu: Median(counted.Select(r => r.Cpu)));
        });
        var first = variants[0].Name;
        foreach (var v in variants)
        {
            var (f, w, c) = medians[v.Name];
            var (f0, w0, c0) = medians[first];
            Console.WriteLine(string.Create(inv,
                $"  median {v.Name,-24}: first request {f * 1000:0} ms ({f / f0:0.00}× {first}), wall {w:0.000} s = {ideal / w:P1} of ideal ({w / w0:0.00}×), CPU {c:0.00} s ({c / c0:0.00}×)"));
        }
    }

    private static async Task<(double First, double Wall, double Cpu)> RunOnceAsync(string dir, SimulatedModelServer server, string suite, Variant v, int items, int port)
    {
        var work = Path.Combine(dir, "cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var config = await BenchConfig.WriteAsync(work, port, suite);
        var psi = CliProcess.StartInfo(v, dir, work, ["run", "--config", config, "--quiet"]);
        var before = server.Stats.TotalChatRequests;
        var cpuBefore = ChildCpu.Seconds();
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(psi)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        double first = double.NaN;
        while (!child.HasExited && double.IsNaN(first))
        {
            if (server.Stats.TotalChatRequests > before) first = clock.Elapsed.TotalSeconds;
            else Thread.Sleep(1);
        }

        await child.WaitForExitAsync();
        var wall = clock.Elapsed.TotalSeconds;
        if (child.ExitCode != 0) throw new InvalidOperationException($"arbiter run ({v.Name}) exited {child.ExitCode}: {await stderr}{await stdout}");
        if (server.Stats.TotalChatRequests - before != items) throw new InvalidOperationException($"{v.Name}: {server.Stats.TotalChatRequests - before} requests for {items} items");
        Directory.Delete(work, recursive: true);
        return (first, wall, ChildCpu.Seconds() - cpuBefore);
    }
}
