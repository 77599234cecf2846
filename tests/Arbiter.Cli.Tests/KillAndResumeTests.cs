namespace Arbiter.Cli.Tests;

/// <summary>
/// The durability promise: SIGKILL the CLI at random points, resume, and the store holds exactly one
/// sample per item × epoch; what was stored is never asked for again.
/// </summary>
public sealed class KillAndResumeTests
{
    [Fact]
    public async Task Killing_the_process_at_random_points_loses_and_duplicates_nothing()
    {
        // Enough items and latency that a dozen kills land before the run can finish, even when a busy machine
        // delays the polling loop below (at 15 ms and 240 items a slow poll let whole runs finish in 8 rounds).
        const int items = 400;
        await using var ws = await CliWorkspace.CreateAsync(items, latencyMs: 60, concurrency: 4);
        var random = new Random(20261125);
        var kills = 0;
        var stored = 0;
        for (var round = 0; round < 12; round++)
        {
            var callsBefore = ws.Server.Stats.TotalChatRequests;
            using var cli = CliProcess.Start(ws.Dir, null, "run", "--quiet");
            // Kill after a random number of calls reached the server (so kills land mid-run), or on time.
            var target = callsBefore + random.Next(1, 25);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (ws.Server.Stats.TotalChatRequests < target && DateTime.UtcNow < deadline) await Task.Delay(random.Next(1, 10));
            cli.Kill();
            kills++;

            var samples = await ws.SamplesAsync();
            var calls = ws.Server.Stats.TotalChatRequests - callsBefore;
            Assert.Equal(samples.Count, samples.Select(s => (s.ItemId, s.Epoch)).Distinct().Count());
            Assert.True(samples.Count >= stored, "a stored sample disappeared");
            // Every newly stored sample came from a call in this invocation; in-flight calls may be lost.
            Assert.True(calls >= samples.Count - stored, $"round {round}: {samples.Count - stored} new samples but only {calls} calls");
            stored = samples.Count;
            if (stored == items) break;
        }

        Assert.True(kills >= 10, $"only {kills} kills before the run finished; slow the simulated server down");
        // Requests the killed process sent just before it died can reach the in-process server after the kill:
        // let them land before counting, or they are charged to the final invocation.
        var before = await SettledRequestCountAsync(ws);
        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet", "--format", "json");
        Assert.True(code == 0, err);
        var all = await ws.SamplesAsync();
        Assert.Equal(items, all.Count);
        Assert.Equal(items, all.Select(s => (s.ItemId, s.Epoch)).Distinct().Count());
        // The stored part costs nothing: the final invocation called only for what was missing.
        Assert.Equal(items - stored, ws.Server.Stats.TotalChatRequests - before);
    }

    private static bool SigIntIgnored()
    {
        if (!File.Exists("/proc/self/status")) return false;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0; // bit 1 = signal 2, SIGINT
    }

    private static async Task<long> SettledRequestCountAsync(CliWorkspace ws)
    {
        var last = ws.Server.Stats.TotalChatRequests;
        for (var quiet = 0; quiet < 3;)
        {
            await Task.Delay(200);
            var now = ws.Server.Stats.TotalChatRequests;
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }

        return last;
    }

    [Fact]
    public async Task Ctrl_c_stops_cleanly_and_the_run_resumes()
    {
        // A non-interactive shell starts background jobs with SIGINT ignored, the child inherits that, and .NET then never
        // installs its Ctrl+C handler: the CLI cannot be interrupted there at all, as no program started that way can.
        if (SigIntIgnored()) Assert.Skip("SIGINT is ignored in this process tree (started in the background by a non-interactive shell); run the tests in the foreground");
        // Long enough (300 items × 50 ms / 2 slots ≈ 7.5 s) that a busy CI machine still interrupts it mid-run.
        await using var ws = await CliWorkspace.CreateAsync(300, latencyMs: 50, concurrency: 2);
        using (var cli = CliProcess.Start(ws.Dir, null, "run"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (ws.Server.Stats.TotalChatRequests < 10 && DateTime.UtcNow < deadline) await Task.Delay(5);
            cli.Interrupt();
            var code = await cli.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(130, code);
            Assert.Contains("Interrupted", cli.StdOut + cli.StdErr, StringComparison.Ordinal);
        }

        var partial = (await ws.SamplesAsync()).Count;
        Assert.InRange(partial, 1, 299);
        var before = ws.Server.Stats.TotalChatRequests;
        var (exit, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet");
        Assert.True(exit == 0, err);
        Assert.Equal(300, (await ws.SamplesAsync()).Count);
        Assert.Equal(300 - partial, ws.Server.Stats.TotalChatRequests - before);
    }
}

public sealed class ResumeByIdTests
{
    [Fact]
    public async Task Resume_by_run_id_continues_that_run()
    {
        await using var ws = await CliWorkspace.CreateAsync(60, latencyMs: 20, concurrency: 2);
        using (var cli = CliProcess.Start(ws.Dir, null, "run", "--quiet"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (ws.Server.Stats.TotalChatRequests < 8 && DateTime.UtcNow < deadline) await Task.Delay(5);
            cli.Kill();
        }

        var (listCode, listJson, _) = await CliProcess.RunAsync(ws.Dir, null, "runs", "list", "--format", "json");
        Assert.Equal(0, listCode);
        using var doc = System.Text.Json.JsonDocument.Parse(listJson);
        var run = Assert.Single(doc.RootElement.GetProperty("runs").EnumerateArray().ToList());
        Assert.Equal("running", run.GetProperty("status").GetString());
        var runId = run.GetProperty("runId").GetString()!;

        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--resume", runId, "--quiet");
        Assert.True(code == 0, err);
        var samples = await ws.SamplesAsync();
        Assert.Equal(60, samples.Count);
        Assert.All(samples, s => Assert.Equal(runId, s.RunId));

        var (unknown, _, uerr) = await CliProcess.RunAsync(ws.Dir, null, "run", "--resume", "r000000000000");
        Assert.Equal(2, unknown);
        Assert.Contains("no run with id", uerr, StringComparison.Ordinal);
    }
}
