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

/// <summary>
/// N battles streaming at once from a simulated server that paces tokens at 50 ms. The simulated
/// server runs in a child process so that the CPU measured here is the web server's (plus the
/// light SSE-reading client), not the simulator's.
/// </summary>
internal static class StreamsBench
{
    private const string ModelA = "sim-stream-a", ModelB = "sim-stream-b";

    public static async Task ServeSimAsync(int port)
    {
        await using var sim = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Port = port,
            Models = [SimModelProfile.Simple(ModelA, 0.7, msPerToken: 50), SimModelProfile.Simple(ModelB, 0.6, msPerToken: 50)],
        });
        await sim.WaitForShutdownAsync(CancellationToken.None);
    }

    public static async Task<int> RunAsync(int streams)
    {
        var port = FreePort();
        using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["--sim-serve", port.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        var simUrl = $"http://127.0.0.1:{port}/v1";
        using (var probe = new HttpClient())
        {
            for (var i = 0; i < 100; i++)
            {
                try
                {
                    (await probe.GetAsync(new Uri(simUrl + "/models"))).EnsureSuccessStatusCode();
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }
        }

        var dir = Directory.CreateTempSubdirectory("arbiter-streams-").FullName;
        await using var store = new SqliteRunStore(Path.Combine(dir, "bench.db"));
        await store.MigrateAsync();
        var models = new[] { ModelA, ModelB }.Select(m => new ModelSpec(m, "openai", simUrl, m, null, "local", null, null, null,
            new GenerationParameters(MaxTokens: 120)) { MaxConcurrency = streams * 2, Timeout = TimeSpan.FromMinutes(5) }).ToList();
        int webPort = BasePort is null ? 0 : FreePort();
        await using var web = await ArbiterWebServer.StartAsync(new WebSetup(store, models) { Logging = _ => { } }, o =>
        {
            o.Port = webPort;
            o.VotesPerMinute = o.BattlesPerMinute = o.RequestsPerMinute = 10_000_000; // one client IP opens every battle
        });
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), MaxConnectionsPerServer = 1024 })
        {
            BaseAddress = web.Url,
            Timeout = TimeSpan.FromMinutes(5),
        };
        var csrf = Regex.Match(await http.GetStringAsync("/arena"), "name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
        http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", csrf);

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, streams).Select(async i =>
        {
            using var start = await http.PostAsJsonAsync("/api/arena/battles", new { prompt = $"Explain topic number {i} in detail." });
            if (!start.IsSuccessStatusCode) return (Ok: false, Events: 0);
            var ticket = (await start.Content.ReadFromJsonAsync<BattleTicket>())!;
            var body = await http.GetStringAsync(ticket.StreamUrl);
            var done = Regex.Count(body, "event: done");
            return (Ok: done == 2 && !body.Contains("\"error\":true", StringComparison.Ordinal), Events: Regex.Count(body, "event: "));
        }));
        clock.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        child.Kill();
        var ok = results.Count(r => r.Ok);
        var cores = cpu / clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{streams} simultaneous battles (2 streams each, 50 ms per token): {ok} complete without errors, {results.Sum(r => r.Events)} SSE events in {clock.Elapsed.TotalSeconds:0.0} s; web server + client CPU {cpu:0.00} s = {cores:0.00} cores (target < 1)"));
        try
        {
            Directory.Delete(dir, true);
        }
        catch (IOException)
        {
            // Best effort.
        }

        return ok == streams && cores < 1 ? 0 : 1;
    }

    /// <summary>First port of <c>--base-port N</c> (null: any free port); taken in order by <see cref="FreePort"/>.</summary>
    public static int? BasePort { get; set; }

    /// <summary>The next port from <see cref="BasePort"/>, else one the system says is free.</summary>
    public static int FreePort()
    {
        if (BasePort is { } next)
        {
            BasePort = next + 1;
            return next;
        }

        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
