using System.Diagnostics;
using System.Globalization;
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
        };
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
        return 0;
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
    public static async Task<(double Seconds, double PeakMb, string Output)> CliAsync(string workDir, params string[] args)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Arbiter.slnx"))) root = Path.GetDirectoryName(root.TrimEnd('/'))!;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workDir };
        psi.ArgumentList.Add(Path.Combine(root, "src/Arbiter.Cli/bin/Release/net10.0/arbiter.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
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
        if (child.ExitCode != 0) throw new InvalidOperationException($"arbiter {string.Join(' ', args)} exited {child.ExitCode}: {await stderr}");
        return (seconds, peak, await stdout);
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
