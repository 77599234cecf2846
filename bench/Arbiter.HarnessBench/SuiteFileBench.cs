using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Arbiter.HarnessBench;

/// <summary>
/// <c>suite-file</c>: <c>arbiter run</c> (the real CLI, Release build) on real JSONL suite files of 10k / 100k / 1M items
/// against the simulated server in a child process, sampling the CLI's peak RSS (VmHWM). Each file is run twice on
/// one database: the run, then the same command again, which resumes the finished run (every item done, no calls).
/// The baseline in the same run is the same items as a GSM8K file, a format still read whole into a list (up to
/// 100k items: at 1M it needs over a gigabyte).
/// </summary>
internal static class SuiteFileBench
{
    private const int BaselineUpTo = 100_000;

    /// <summary>Issue 18: a streamed suite file peaks under this many MB at any size up to 1M items…</summary>
    private const double TargetMb = 150;

    /// <summary>…and within this factor of its peak at the smallest size (flat in the file's size).</summary>
    private const double FlatWithin = 1.2;

    public static async Task RunAsync(string dir, int port, IReadOnlyList<int> sizes)
    {
        var inv = CultureInfo.InvariantCulture;
        using var server = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["serve", port.ToString(inv)]) { UseShellExecute = false })!;
        try
        {
            await WaitForAsync(port);
            Console.WriteLine(string.Create(inv, $"suite files through `arbiter run` (simulated server on port {port}, {Environment.ProcessorCount} cores, load {Load()}):"));
            var peaks = new List<double>();
            foreach (int n in sizes)
            {
                var native = WriteSuite(dir, n, gsm8k: false);
                var name = "native-" + n.ToString(inv);
                var (seconds, peak) = await RunCliAsync(dir, port, native, name);
                var (againSeconds, againPeak) = await RunCliAsync(dir, port, native, name);
                File.Delete(native);
                peaks.Add(Math.Max(peak, againPeak));
                var line = string.Create(inv,
                    $"  {n,9:N0} items  native JSONL (streamed) {seconds,7:0.0} s  peak RSS {peak,5:N0} MB = {peak / TargetMb:0.00}× the {TargetMb:0} MB target  |  re-run (resumed, all done) {againSeconds,6:0.0} s  peak RSS {againPeak,5:N0} MB");
                if (n <= BaselineUpTo)
                {
                    var gsm = WriteSuite(dir, n, gsm8k: true);
                    var (baseSeconds, basePeak) = await RunCliAsync(dir, port, gsm, "gsm8k-" + n.ToString(inv));
                    File.Delete(gsm);
                    Directory.Delete(Path.Combine(dir, "gsm8k-" + n.ToString(inv)), recursive: true);
                    line += string.Create(inv, $"  |  GSM8K (read whole) {baseSeconds,7:0.0} s  peak RSS {basePeak,5:N0} MB  |  ratio {basePeak / peak:0.00}×");
                }

                Console.WriteLine(line + string.Create(inv, $"  (load {Load()})"));
                Directory.Delete(Path.Combine(dir, name), recursive: true);
            }

            double flat = peaks.Max() / peaks[0], highest = peaks.Max();
            Console.WriteLine(string.Create(inv,
                $"  streamed peak RSS, highest / {sizes[0]:N0} items: {flat:0.00}× ({peaks[0]:N0} → {highest:N0} MB; target ≤ {FlatWithin:0.0}×: {(flat <= FlatWithin ? "met" : "NOT met")}); highest peak {highest / TargetMb:0.00}× the {TargetMb:0} MB target: {(highest < TargetMb ? "met" : "NOT met")}"));
        }
        finally
        {
            server.Kill();
        }
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string WriteSuite(string dir, int n, bool gsm8k)
    {
        var path = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"{(gsm8k ? "gsm" : "suite")}-{n}.jsonl"));
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        for (int i = 0; i < n; i++)
        {
            w.Write(gsm8k
                ? string.Create(CultureInfo.InvariantCulture, $$"""{"question":"What is {{i}} plus one?","answer":"It is {{i}} + 1.\n#### {{i + 1}}"}""")
                : string.Create(CultureInfo.InvariantCulture, $$"""{"id":"s{{i}}","input":"What is {{i}} plus one?","target":"{{i + 1}}","scorer":"numeric"}"""));
            w.Write('\n');
        }

        return path;
    }

    private static async Task<(double Seconds, double PeakMb)> RunCliAsync(string dir, int port, string suite, string name)
    {
        var work = Path.Combine(dir, name);
        Directory.CreateDirectory(work);
        await BenchConfig.WriteAsync(work, port, suite);
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Arbiter.slnx"))) root = Path.GetDirectoryName(root.TrimEnd('/'))!;
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(root, "src/Arbiter.Cli/bin/Release/net10.0/arbiter.dll"), "run", "--config", Path.Combine(work, "arbiter.yaml"), "--quiet" })
        {
            psi.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        using var child = Process.Start(psi)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        double peak = 0;
        while (!child.HasExited)
        {
            peak = Math.Max(peak, HighWaterMb(child.Id));
            await Task.Delay(200);
        }

        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new InvalidOperationException($"arbiter run on {suite} exited {child.ExitCode}: {await stderr}{await stdout}");
        return (clock.Elapsed.TotalSeconds, peak);
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
            return 0;
        }
    }

    private static async Task WaitForAsync(int port)
    {
        using var probe = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                (await probe.GetAsync(new Uri($"http://127.0.0.1:{port}/v1/models"))).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"the simulated server did not answer on port {port}");
    }
}
