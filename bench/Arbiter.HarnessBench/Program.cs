using System.Diagnostics;
using System.Globalization;
using Arbiter.Core.Models;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.HarnessBench;
using Arbiter.Simulator;
using Arbiter.Storage;

// Usage: dotnet run -c Release --project bench/Arbiter.HarnessBench -- [throughput|latency|cached|memory|all] [items] [--base-port N] [--trace] [--warm] [--child-server]
//        … -- suite-file [10000,100000,1000000] [rounds=1] [--variant NAME=CLI[;K=V;…]]… [--base-port N]
//           (real JSONL suite files through the Release CLI: run, re-run; peak RSS; variants take turns, default this build)
//        … -- cli-startup [items=1000] [rounds=3] [--variant NAME=CLI_DLL[;K=V;…]]… [--base-port N]
//           (the Release CLI from process start to first request and to the end; each --variant is another build
//            or this one with DOTNET_ settings, taking turns with this build round by round; "." is this build's arbiter.dll;
//            CLI is an arbiter.dll, started with `dotnet`, or a native launcher such as a publish's `arbiter`, started itself)
// --base-port N: servers listen on N, N+1, … instead of any free port (to run beside other services).
// --trace (latency): also time every call and store write, and say where the slots idled.
// --warm (latency): run 256 items first in the same process, so the measured run starts with compiled code (tells
// start-up's JIT from its work).
// --child-server (latency): the simulated server runs in a child process, started and warmed up (its own calls, 64 new
// connections a wave) before the timed run, so neither its start-up nor its CPU is charged to the harness; the bench
// process itself stays cold (default: the server in the bench process, as the figures before 2026-12-07 were taken). `dotnet run` measures JIT-only code; the shipped .NET tool is ReadyToRun, and a publish
// for one platform (`dotnet publish bench/Arbiter.HarnessBench -c Release -r linux-x64 -o out`) measures that.
using var trace = Array.IndexOf(args, "--trace") >= 0 ? new SlotTrace() : null;
var warm = Array.IndexOf(args, "--warm") >= 0;
var childServer = Array.IndexOf(args, "--child-server") >= 0;
args = [.. args.Where(a => a is not "--trace" and not "--warm" and not "--child-server")];
int? basePort = null;
if (Array.IndexOf(args, "--base-port") is int bp and >= 0)
{
    basePort = int.Parse(args[bp + 1], CultureInfo.InvariantCulture);
    args = [.. args[..bp], .. args[(bp + 2)..]];
}

var variants = new List<CliStartupBench.Variant>();
for (int v; (v = Array.IndexOf(args, "--variant")) >= 0; args = [.. args[..v], .. args[(v + 2)..]])
{
    var (name, spec) = (args[v + 1][..args[v + 1].IndexOf('=', StringComparison.Ordinal)], args[v + 1][(args[v + 1].IndexOf('=', StringComparison.Ordinal) + 1)..]);
    var parts = spec.Split(';');
    variants.Add(new(name, parts[0] == "." ? ThisCli() ?? throw new ArgumentException("--variant .: this bench runs outside a clone; name the CLI's path") : Path.GetFullPath(parts[0]), parts.Skip(1).ToDictionary(p => p[..p.IndexOf('=', StringComparison.Ordinal)], p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..])));
}

int nextPort = basePort ?? 0;
var scenario = args.Length > 0 ? args[0] : "all";
if (scenario == "serve")
{
    // Child-process mode (ChildServer): serve PORT [LATENCY_MS] [WARM_UP_CALLS].
    await ChildServer.ServeAsync(int.Parse(args[1], CultureInfo.InvariantCulture), args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0);
    return;
}

// As the CLI does (src/Arbiter.Cli/Program.cs), so the in-process scenarios measure what ships: the methods this scenario
// compiled last time compile on a background thread ahead of use. ARBITER_JIT_PROFILE_DIR=off measures a first run ever.
var profile = Arbiter.Engine.Diagnostics.StartupProfile.Start("harnessbench-" + scenario);
Console.WriteLine(profile is null ? "start-up profile: off" : File.Exists(profile) ? $"start-up profile: {profile} (replayed)" : $"start-up profile: {profile} (none yet: a first run)");

var dir = Directory.CreateTempSubdirectory("arbiter-bench-").FullName;
try
{
    if (scenario is "throughput" or "all") await Throughput(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000);
    if (scenario is "latency" or "all") await LatencyBound(args.Length > 1 && scenario == "latency" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3_000);
    if (scenario is "cached" or "all") await CachedRerun(args.Length > 1 && scenario == "cached" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000);
    if (scenario is "memory") await Memory(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000);
    if (scenario is "suite-file")
    {
        var sizes = (args.Length > 1 ? args[1] : "10000,100000,1000000").Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        if (variants.Count == 0) variants.Add(new("this build", ThisCli() ?? throw new ArgumentException("suite-file: this bench runs outside a clone; name a CLI with --variant"), new Dictionary<string, string>()));
        await SuiteFileBench.RunAsync(dir, FreePort(), sizes, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1, variants);
    }

    if (scenario is "cli-startup")
    {
        if (ThisCli() is { } cli && !variants.Any(v => v.CliDll == cli && v.Env.Count == 0)) variants.Add(new("this build", cli, new Dictionary<string, string>()));
        await CliStartupBench.RunAsync(dir, FreePort(), args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3, variants);
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(dir, recursive: true);
}

async Task<(double Seconds, double CpuMs, long Calls)> RunOnce(string name, int items, double latencyMs, int concurrency, bool fresh = false, string? db = null, int port = 0, Uri? external = null,
    SlotTrace? traced = null)
{
    // The cache key includes the base URL, so a re-run must reach the server on the same port.
    await using var server = external is not null ? null : await SimulatedModelServer.StartAsync(new SimServerOptions
    {
        Port = port == 0 && basePort is not null ? FreePort() : port,
        Models = [SimModelProfile.Simple("sim-bench", 0.8, meanLatencyMs: latencyMs)],
    });
    var baseUrl = external ?? server!.BaseUrl;
    await using var opened = RunStoreFactory.Open(null, db ?? Path.Combine(dir, name + ".db"));
    var store = traced?.Wrap(opened) ?? opened;
    await store.MigrateAsync();
    using var factory = new ChatClientFactory();
    var clients = traced?.Wrap(factory) ?? factory;
    var model = new ModelSpec("sim-bench", "openai", baseUrl.ToString().TrimEnd('/'), "sim-bench", null, "local", null,
        new Pricing(1, 2, "USD"), null, GenerationParameters.Default) { MaxConcurrency = concurrency, Timeout = TimeSpan.FromSeconds(60) };
    var runner = new EvaluationRunner(store, clients);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var started = Stopwatch.GetTimestamp();
    traced?.MarkJit();
    await runner.RunAsync([new RunJob(SyntheticItems.Suite(items, "bench-" + name), model)], new RunOptions(Fresh: fresh), new RunMonitor());
    clock.Stop();
    if (traced is not null) Console.WriteLine(traced.Report(started, Stopwatch.GetTimestamp(), concurrency));
    var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
    return (clock.Elapsed.TotalSeconds, cpuMs, server?.Stats.TotalChatRequests ?? -1);
}

async Task Throughput(int items)
{
    await RunOnce("warmup", 2_000, 0, 64);
    var (s, cpu, calls) = await RunOnce("throughput", items, 0, 64);
    Report($"throughput: {items} items, zero latency, concurrency 64: {items / s:0} items/s ({s:0.00} s), {cpu / items:0.00} CPU-ms/item (harness + in-process server), {calls} calls; target >= 2000 items/s");
}

async Task LatencyBound(int items)
{
    using var child = childServer ? await ChildServer.StartAsync(FreePort(), 200, 256) : null;
    if (warm) await RunOnce("latency-warm-up", 256, 200, 64, external: child?.Url);
    var (s, _, _) = await RunOnce("latency", items, 200, 64, external: child?.Url, traced: trace);
    var ideal = 64 / 0.2;
    // The server's sleeps overshoot 200 ms (timer granularity, scheduling); the observed per-call
    // latency tells how much of the shortfall is the endpoint and how much the harness.
    await using var store = RunStoreFactory.Open(null, Path.Combine(dir, "latency.db"));
    double sum = 0;
    long n = 0;
    await foreach (var run in store.ListRunsAsync())
    {
        await foreach (var sample in store.ReadSamplesAsync(run.RunId))
        {
            sum += sample.Response.LatencyMs;
            n++;
        }
    }

    var observed = sum / Math.Max(1, n);
    var utilisation = items / s * (observed / 1000) / 64;
    Report($"latency-bound: {items} items, 200 ms latency, concurrency 64, server {(childServer ? "in a warmed-up child process" : "in this process")}: {items / s:0.0} items/s = {items / s / ideal:P1} of the ideal {ideal:0}/s (target >= 95%); observed mean call latency {observed:0.0} ms, so the harness kept {utilisation:P1} of its 64 slots busy");
}

async Task CachedRerun(int items)
{
    var db = Path.Combine(dir, "cached.db");
    var port = FreePort();
    await RunOnce("cached", items, 0, 64, db: db, port: port);
    var (s, _, calls) = await RunOnce("cached", items, 0, 64, fresh: true, db: db, port: port);
    Report($"cached re-run: {items} items answered from the cache in {s:0.00} s ({items / s:0} items/s), {calls} model calls; target < 5 s");
}

async Task Memory(int items)
{
    // Sample RSS while the run streams, to tell a leak (growth with items) from a fixed footprint.
    using var sampling = new CancellationTokenSource();
    var samples = new List<string>();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            samples.Add(Status("VmRSS:"));
            try { await Task.Delay(TimeSpan.FromSeconds(15), sampling.Token); } catch (OperationCanceledException) { break; }
        }
    });
    using var child = await ChildServer.StartAsync(FreePort(), 0, 0);
    var url = child.Url;
    var (s, _, _) = await RunOnce("memory", items, 0, 64, external: url);
    await sampling.CancelAsync();
    await sampler;
    var gc = GC.GetGCMemoryInfo();
    Report($"memory (harness process; simulated server in a child process): {items} items streamed in {s:0.0} s ({items / s:0} items/s); peak RSS {Status("VmHWM:")}; GC heap {gc.HeapSizeBytes / 1048576.0:0} MB, committed {gc.TotalCommittedBytes / 1048576.0:0} MB; RSS every 15 s: {string.Join(", ", samples)}; target < 300 MB");
}

int FreePort()
{
    if (basePort is not null) return nextPort++;
    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

// The repository's Release CLI; null when this bench runs outside a clone (published elsewhere): then only --variant counts.
static string? ThisCli()
{
    for (var root = AppContext.BaseDirectory.TrimEnd('/'); !string.IsNullOrEmpty(root); root = Path.GetDirectoryName(root))
    {
        if (File.Exists(Path.Combine(root, "Arbiter.slnx"))) return Path.Combine(root, "src/Arbiter.Cli/bin/Release/net10.0/arbiter.dll");
    }

    return null;
}

static string Status(string key) => File.ReadLines("/proc/self/status").First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim();

static void Report(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
