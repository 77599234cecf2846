using System.Diagnostics;
using System.Globalization;
using System.Text;
using Arbiter.Simulator;

namespace Arbiter.HarnessBench;

/// <summary>
/// The simulated server in a process of its own (the bench's <c>serve</c> mode), for the scenarios whose figure must
/// not include the server: its memory (memory, suite-file) or its own start-up (latency with <c>--child-server</c>).
/// The child warms itself up — it calls its own endpoint in waves of 64 new connections, so Kestrel's accept path and
/// the chat handler are compiled — and only then prints <see cref="Ready"/>. The bench waits for that line instead of
/// probing over HTTP, so no client code is compiled in the bench process before the run it times.
/// </summary>
internal sealed class ChildServer : IDisposable
{
    private const string Ready = "serving";
    private readonly Process _process;

    private ChildServer(Process process, Uri url) => (_process, Url) = (process, url);

    /// <summary>The OpenAI base URL, <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts <c>serve PORT LATENCY WARM_CALLS</c> and returns once the child says it is ready.</summary>
    public static async Task<ChildServer> StartAsync(int port, double latencyMs, int warmUpCalls)
    {
        var inv = CultureInfo.InvariantCulture;
        var psi = new ProcessStartInfo(Environment.ProcessPath!, ["serve", port.ToString(inv), latencyMs.ToString(inv), warmUpCalls.ToString(inv)])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        // JIT diagnostics asked of the bench (DOTNET_JitStdOutFile, DOTNET_JitDisasmSummary…) are the harness's, not the server's.
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("DOTNET_Jit", StringComparison.OrdinalIgnoreCase)).ToList()) psi.Environment.Remove(name);
        var process = Process.Start(psi)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line == Ready)
                {
                    // Keep draining, so the child never blocks on a full pipe.
                    _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                    return new ChildServer(process, new Uri(string.Create(inv, $"http://127.0.0.1:{port}/v1")));
                }
            }

            throw new InvalidOperationException($"the simulated server on port {port} exited before it was ready");
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>The child's side: serve until killed, after <paramref name="warmUpCalls"/> calls to itself (64 at a time).</summary>
    public static async Task ServeAsync(int port, double latencyMs, int warmUpCalls)
    {
        await using var server = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Port = port,
            Models = [SimModelProfile.Simple("sim-bench", 0.8, meanLatencyMs: latencyMs)],
        });
        for (var done = 0; done < warmUpCalls; done += 64)
        {
            // A new client per wave: every wave opens 64 new connections, as a cold run's first wave does.
            using var http = new HttpClient();
            var url = new Uri(server.BaseUrl, "v1/chat/completions");
            await Task.WhenAll(Enumerable.Range(0, Math.Min(64, warmUpCalls - done)).Select(async i =>
            {
                using var body = new StringContent(string.Create(CultureInfo.InvariantCulture,
                    $$"""{"model":"sim-bench","messages":[{"role":"user","content":"What is {{i}} plus one?"}]}"""), Encoding.UTF8, "application/json");
                (await http.PostAsync(url, body)).EnsureSuccessStatusCode();
            }));
        }

        server.ResetStats();
        Console.WriteLine(Ready);
        await server.WaitForShutdownAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        _process.Kill();
        _process.Dispose();
    }
}
