using System.Diagnostics;
using System.Globalization;
using System.Text;
using Arbiter.ClusterBench;
using Arbiter.Simulator;

// Usage (after `dotnet build Arbiter.slnx -c Release`, with a PostgreSQL server, e.g. scripts/pg-test-server.sh):
//   ARBITER_TEST_PG="Host=127.0.0.1;Port=…;Username=…;Database=postgres" \
//   dotnet run -c Release --project bench/Arbiter.ClusterBench -- [--items 1200] [--latency-ms 200] [--per-worker 8] [--shard-size 50] [--workers 1,2,3] [--scenarios open,binding] [--base-port N]
// --base-port N: the simulator and the workers' silo and gateway ports are N, N+1, … (2 per worker and 1 per simulator
// for each measurement, never reused: 30 ports with the defaults) instead of any free port, to run beside other services.
// Two scenarios against the in-process simulator, each with 1, 2, 3 `arbiter worker` processes (a fresh database each):
//   open:    the endpoint's cluster-wide cap (8 × the most workers × 2) is not binding; each worker's own capacity
//            (--max-in-flight) is: throughput should grow with the workers (target ≥ 1.8× at 2).
//   binding: the endpoint's cap equals one worker's capacity: throughput stays flat and the simulator's in-flight
//            count never goes above the cap.
// Throughput is the steady rate between 10 % and 90 % of the run's calls (cluster start-up, the budget grain's first
// grace and the coordinator's start excluded); the wall time of the whole `arbiter run --cluster` is printed beside it,
// and the simulator's mean calls in flight over the same stretch (against the slots that could be busy: where a
// scenario falls short of its ideal rate, this says whether slots sat idle or calls took longer).
var inv = CultureInfo.InvariantCulture;
var server = Environment.GetEnvironmentVariable("ARBITER_TEST_PG");
if (string.IsNullOrWhiteSpace(server))
{
    Console.Error.WriteLine("Set ARBITER_TEST_PG to a PostgreSQL server connection string (scripts/pg-test-server.sh env DIR PORT).");
    return 2;
}

if (ArgText("--base-port") is not null) LocalCluster.BasePort = Arg("--base-port", 0);
var items = Arg("--items", 1200);
var latencyMs = Arg("--latency-ms", 200);
var perWorker = Arg("--per-worker", 8);
var shardSize = Arg("--shard-size", 50);
var counts = (ArgText("--workers") ?? "1,2,3").Split(',').Select(v => int.Parse(v, inv)).ToList();
var scenarios = (ArgText("--scenarios") ?? "open,binding").Split(',');
var openCap = perWorker * counts.Max() * 2;
Console.WriteLine(string.Create(inv,
    $"cluster bench: {items} items, simulated latency {latencyMs} ms, {perWorker} calls in flight per worker, {Environment.ProcessorCount} cores, load {Load()}"));
foreach (var (key, label, cap) in new[] { ("open", "open (cap not binding)", openCap), ("binding", "binding cap", perWorker) })
{
    if (!scenarios.Contains(key)) continue;
    Console.WriteLine(string.Create(inv, $"{label}: endpoint cap {cap}"));
    double? baseline = null;
    foreach (var n in counts)
    {
        var (rate, wall, peak, calls, mean) = await MeasureAsync(n, cap);
        baseline ??= rate;
        Console.WriteLine(string.Create(inv,
            $"  {n} worker(s): {rate,6:0.0} calls/s steady ({rate / baseline:0.00}× the first), run {wall,5:0.0} s wall, {calls} calls, in flight mean {mean:0.0} of {Math.Min(cap, n * perWorker)} peak {peak} (cap {cap}), load {Load()}"));
    }
}

return 0;

async Task<(double Rate, double Wall, long Peak, long Calls, double MeanInFlight)> MeasureAsync(int workers, int cap)
{
    var dir = Directory.CreateTempSubdirectory("arbiter-cluster-bench-").FullName;
    try
    {
        await using var sim = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Models = [SimModelProfile.Simple("sim-bench", 0.8, meanLatencyMs: latencyMs)],
            Port = LocalCluster.BasePort is null ? 0 : LocalCluster.FreePort(),
        });
        WriteWorkspace(dir, sim.BaseUrl, cap);
        await using var cluster = await LocalCluster.StartAsync(server, dir, workers, perWorker);
        var samples = new List<(double T, long Calls, long InFlight)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                lock (samples) samples.Add((clock.Elapsed.TotalSeconds, sim.Stats.TotalChatRequests, sim.Stats.InFlight));
                await Task.Delay(20, CancellationToken.None);
            }
        }, CancellationToken.None);
        var wall = await cluster.RunAsync(shardSize);
        await stop.CancelAsync();
        await sampling;
        var total = sim.Stats.TotalChatRequests;
        var t10 = samples.First(s => s.Calls >= total * 0.1).T;
        var t90 = samples.First(s => s.Calls >= total * 0.9).T;
        var mean = samples.Where(s => s.T >= t10 && s.T <= t90).Average(s => (double)s.InFlight);
        return (total * 0.8 / (t90 - t10), wall, sim.Stats.PeakInFlight, total, mean);
    }
    finally
    {
        Directory.Delete(dir, recursive: true);
    }
}

void WriteWorkspace(string dir, Uri baseUrl, int cap)
{
    var suite = Path.Combine(dir, "suite");
    Directory.CreateDirectory(suite);
    File.WriteAllText(Path.Combine(suite, "suite.yaml"), "id: cluster-bench\nversion: \"1\"\ndomain: science\nlanguage: en\n");
    var lines = new StringBuilder();
    for (var i = 1; i <= items; i++)
    {
        lines.Append(inv, $$"""{"id":"q{{i:D6}}","input":"Which option is listed as number {{i % 4 + 1}} for case {{i}}?","choices":["one","two","three","four"],"target":"{{(char)('A' + (i % 4))}}"}""").Append('\n');
    }

    File.WriteAllText(Path.Combine(suite, "items.jsonl"), lines.ToString());
    File.WriteAllText(Path.Combine(dir, "arbiter.yaml"), string.Create(inv, $"""
        run:
          concurrency: {cap}
        models:
          - id: sim-bench
            baseUrl: {baseUrl}
            model: sim-bench
            jurisdiction: local
        suites:
          - ./suite
        """));
}

int Arg(string name, int fallback) => ArgText(name) is { } v ? int.Parse(v, inv) : fallback;

string? ArgText(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
