// Vote-endpoint load test: an open-loop generator (requests are sent on a fixed schedule, and latency
// is measured from the scheduled send time, so a slow server cannot hide its queueing) against the
// real web host on loopback, with a SQLite store, the simulated models, CSRF and rate limiting on.
// Usage: dotnet run -c Release --project bench/Arbiter.WebBench -- [--rate 500] [--seconds 10] [--base-port N]
//        (--base-port N: listen on N, N+1, … instead of any free port, to run beside other services)
//        dotnet run -c Release --project bench/Arbiter.WebBench -- --streams 100   (simultaneous streaming battles)
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Arbiter.Core.Models;
using Arbiter.Simulator;
using Arbiter.Storage.Sqlite;
using Arbiter.Web.Arena;
using Arbiter.Web.Hosting;

if (args.Contains("--sim-serve"))
{
    await StreamsBench.ServeSimAsync(int.Parse(args[^1], CultureInfo.InvariantCulture));
    return 0;
}

if (args.Contains("--base-port")) StreamsBench.BasePort = Arg("--base-port", 0);
if (args.Contains("--streams")) return await StreamsBench.RunAsync(Arg("--streams", 100));

var rate = Arg("--rate", 500);
var seconds = Arg("--seconds", 10);
var total = rate * seconds;
var dir = Directory.CreateTempSubdirectory("arbiter-webbench-").FullName;
await using var sim = await SimulatedModelServer.StartAsync(new SimServerOptions { LatencyScale = 0, Port = StreamsBench.BasePort is null ? 0 : StreamsBench.FreePort() });
await using var store = new SqliteRunStore(Path.Combine(dir, "bench.db"));
await store.MigrateAsync();
var models = SimModelZoo.Default.Select(p => new ModelSpec(p.Name, "openai", sim.BaseUrl.ToString().TrimEnd('/'), p.Name, null, "local", null, null, null,
    GenerationParameters.Default) { MaxConcurrency = 64 }).ToList();
int webPort = StreamsBench.BasePort is null ? 0 : StreamsBench.FreePort();
await using var web = await ArbiterWebServer.StartAsync(new WebSetup(store, models) { Logging = _ => { } }, o =>
{
    o.Port = webPort;
    o.VotesPerMinute = o.BattlesPerMinute = o.RequestsPerMinute = 10_000_000; // one client IP sends everything
    o.BootstrapRounds = 10;
});

using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), MaxConnectionsPerServer = 512 }) { BaseAddress = web.Url };
var csrf = Regex.Match(await http.GetStringAsync("/arena"), "name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", csrf);

Console.WriteLine($"Preparing {total} answered battles (simulated models, no latency)…");
var tokens = new string[total];
var prep = Stopwatch.StartNew();
await Parallel.ForAsync(0, total, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
{
    using var start = await http.PostAsJsonAsync("/api/arena/battles", new { prompt = $"Benchmark question {i}" }, ct);
    var ticket = (await start.Content.ReadFromJsonAsync<BattleTicket>(ct))!;
    _ = await http.GetStringAsync(ticket.StreamUrl, ct);
    tokens[i] = ticket.Token;
});
Console.WriteLine($"Prepared in {prep.Elapsed.TotalSeconds:0.0} s. Voting at {rate}/s for {seconds} s…");

// Warm-up on separate battles would consume tokens; instead the first second is reported separately.
var latencies = new double[total];
var statuses = new HttpStatusCode[total];
var interval = TimeSpan.FromSeconds(1.0 / rate);
var clock = Stopwatch.StartNew();
var inflight = new List<Task>(total);
for (var i = 0; i < total; i++)
{
    var due = interval * i;
    var wait = due - clock.Elapsed;
    if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
    else if (wait > TimeSpan.Zero) Thread.SpinWait(50);
    var n = i;
    inflight.Add(Task.Run(async () =>
    {
        using var r = await http.PostAsJsonAsync("/api/arena/votes", new { token = tokens[n], winner = (n % 3) switch { 0 => "model_a", 1 => "model_b", _ => "tie" } });
        statuses[n] = r.StatusCode;
        latencies[n] = (clock.Elapsed - due).TotalMilliseconds;
    }));
}

await Task.WhenAll(inflight);
var elapsed = clock.Elapsed.TotalSeconds;
var ok = statuses.Count(s => s == HttpStatusCode.OK);
var stored = await store.CountBattlesAsync();
var steady = latencies.Skip(rate).Order().ToArray();
var all = latencies.Order().ToArray();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sent {total} votes in {elapsed:0.00} s: achieved {total / elapsed:0} req/s; {ok} OK, {total - ok} errors; {stored} battles stored"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency ms (all):          p50 {P(all, 50):0.00}  p90 {P(all, 90):0.00}  p99 {P(all, 99):0.00}  p99.9 {P(all, 99.9):0.00}  max {all[^1]:0.00}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency ms (after 1st s):  p50 {P(steady, 50):0.00}  p90 {P(steady, 90):0.00}  p99 {P(steady, 99):0.00}  p99.9 {P(steady, 99.9):0.00}  max {steady[^1]:0.00}"));
var pass = ok == total && P(all, 99) < 20;
Console.WriteLine(pass ? "PASS: p99 < 20 ms at the target rate" : "FAIL: target is p99 < 20 ms with no errors");
try { Directory.Delete(dir, true); } catch (IOException) { }
return pass ? 0 : 1;

static double P(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
