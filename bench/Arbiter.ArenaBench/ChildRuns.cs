using System.Diagnostics;
using System.Globalization;
using Arbiter.Bench.Shared;
using System.Text.Json;
using Arbiter.Engine.Arena;

namespace Arbiter.ArenaBench;

/// <summary>
/// One reading measurement per process (<c>--child MODE FILE</c>), so the peak working set printed is
/// that reader's alone. The result is one <c>RESULT {json}</c> line on stdout.
/// </summary>
internal static class ChildRuns
{
    public static async Task<int> RunAsync(string mode, string path)
    {
        long heapPeak = 0;
        void Sample(long rows)
        {
            // Sampled every 10,000 rows: the managed heap as the reader goes, not only at the end.
            if (rows % 10_000 == 0) heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
        }

        var clock = Stopwatch.StartNew();
        double openSeconds = 0;
        long count = 0;
        switch (mode)
        {
            case "stream":
                var file = await BattleFile.OpenAsync(path);
                openSeconds = clock.Elapsed.TotalSeconds;
                await foreach (var battle in file.ReadAsync())
                {
                    Sample(++count);
                }

                break;
            case "collect":
                var import = await BattleImporter.ReadFileAsync(path);
                count = import.Battles.Count;
                Sample(0);
                break;
            case "table":
                var table = await BattleTableReader.ReadAsync(path);
                count = table.Count;
                Sample(0);
                break;
            case "legacy-board":
                count = await LegacyBoardAsync(path);
                break;
            case "legacy":
                count = await LegacyReader.ReadAsync(path, Sample);
                Sample(0);
                break;
            default:
                await Console.Error.WriteLineAsync($"unknown mode {mode}");
                return 2;
        }

        var result = new Dictionary<string, double>
        {
            ["seconds"] = clock.Elapsed.TotalSeconds,
            ["open_seconds"] = openSeconds,
            ["battles"] = count,
            ["peak_ws_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,
            ["heap_peak_mb"] = heapPeak / 1048576.0,
            ["allocated_mb"] = GC.GetTotalAllocatedBytes() / 1048576.0,
            ["cpu_seconds"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
        };
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>
    /// The leaderboard command's file path before the compact table: every battle a record (hashing pass included,
    /// conversations dropped), the list into ArenaLeaderboard.Compute;
    /// the board goes to FILE.legacy-board.json in the CLI's JSON shape.
    /// </summary>
    private static async Task<long> LegacyBoardAsync(string path)
    {
        var file = await BattleFile.OpenAsync(path);
        var filter = new Arbiter.Core.Arena.BattleFilter();
        var rows = await file.ReadAsync().Where(filter.Matches)
            .Select(b => b.ConversationA is null && b.ConversationB is null ? b : b with { ConversationA = null, ConversationB = null })
            .ToListAsync();
        var board = ArenaLeaderboard.Compute(rows, new ArenaLeaderboardOptions());
        var json = board.Rows.Select(r => new Dictionary<string, object>
        {
            ["model"] = r.Model, ["rating"] = r.Rating, ["lower"] = r.Lower, ["upper"] = r.Upper, ["rank_ub"] = r.RankUb,
            ["battles"] = r.Battles, ["wins"] = r.Wins, ["losses"] = r.Losses, ["ties"] = r.Ties, ["preliminary"] = r.Preliminary,
        });
        await File.WriteAllTextAsync(path + ".legacy-board.json", JsonSerializer.Serialize(json));
        return rows.Count;
    }

    /// <summary>Runs this program again with <paramref name="args"/> and returns its RESULT.</summary>
    public static async Task<Dictionary<string, double>> SelfAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(ChildRuns).Assembly.Location);
        }

        foreach (var a in args) psi.ArgumentList.Add(a);
        // The readers run under the CLI's shipped runtime settings (src/Arbiter.Cli/Arbiter.Cli.csproj), so a component's
        // figure is what the command gets; the record-reader baseline runs under the same ones.
        psi.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        psi.Environment["DOTNET_TieredPGO"] = "0";
        using var child = Process.Start(psi)!;
        string output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"child {string.Join(' ', args)} exited {child.ExitCode} without a result:\n{output}");
        return JsonSerializer.Deserialize<Dictionary<string, double>>(line["RESULT ".Length..])!;
    }

    /// <summary>
    /// Runs the real <c>arbiter</c> CLI (built by <c>dotnet build -c Release</c>) and samples its peak
    /// RSS (VmHWM) from /proc while it runs; returns seconds, peak MB and its stdout.
    /// </summary>
    /// <summary>The CLI to time instead of the Release build's dll (<c>--cli PATH</c>): a dll or a native launcher.</summary>
    public static string? Cli { get; set; }

    public static async Task<(double Seconds, double PeakMb, string Output, double CpuSeconds)> CliAsync(string workDir, params string[] args)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Arbiter.slnx"))) root = Path.GetDirectoryName(root.TrimEnd('/'))!;
        // The Release build's dll as `dotnet run` starts it (JIT), or the CLI named by --cli: the installed tool's
        // launcher, whose code is ReadyToRun, as a user's shell starts it.
        var cli = Cli ?? Path.Combine(root, "src/Arbiter.Cli/bin/Release/net10.0/arbiter.dll");
        var psi = Arbiter.Bench.Shared.CliLauncher.StartInfo(cli, workDir, args);
        double cpuBefore = ChildCpu.Seconds();
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(psi)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        double peak = 0;
        while (!child.HasExited)
        {
            peak = Math.Max(peak, HighWaterMb(child.Id));
            await Task.Delay(100);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new InvalidOperationException($"arbiter {string.Join(' ', args)} exited {child.ExitCode}: {await stderr}");
        return (seconds, peak, await stdout, ChildCpu.Seconds() - cpuBefore);
    }

    private static double HighWaterMb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0; // The process ended between the check and the read.
        }
    }
}
