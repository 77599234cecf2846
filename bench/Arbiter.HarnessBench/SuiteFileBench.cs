using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Arbiter.HarnessBench;

/// <summary>
/// <c>suite-file</c>: <c>arbiter run</c> (the real CLI, Release build) on real JSONL suite files of 10k / 100k / 1M items
/// against the simulated server in a child process, sampling the CLI's peak RSS (VmHWM) and, at the sample where it
/// was reached, how much of it is anonymous memory (heaps, JIT code) and how much mapped files (runtime and library
/// images). Each file is run twice on one database: the run, then the same command again, which resumes the finished
/// run (every item done, no calls). The baseline in the same run is the same items as a GSM8K file, a format still
/// read whole into a list (up to 100k items: at 1M it needs over a gigabyte). Variants (other builds, e.g. the
/// published ReadyToRun CLI, or <c>DOTNET_</c> settings) take turns at each size and round, so they see the same load.
/// </summary>
internal static class SuiteFileBench
{
    private const int BaselineUpTo = 100_000;

    /// <summary>Issue 18: a streamed suite file peaks under this many MB at any size up to 1M items…</summary>
    private const double TargetMb = 150;

    /// <summary>…and within this factor of its peak at the smallest size (flat in the file's size).</summary>
    private const double FlatWithin = 1.2;

    private readonly record struct Peak(double Mb, double AnonMb, double FileMb);

    public static async Task RunAsync(string dir, int port, IReadOnlyList<int> sizes, int rounds, IReadOnlyList<CliStartupBench.Variant> variants)
    {
        var inv = CultureInfo.InvariantCulture;
        using var server = await ChildServer.StartAsync(port, 0, 0);
        Console.WriteLine(string.Create(inv, $"suite files through `arbiter run` (simulated server on port {port}, {Environment.ProcessorCount} cores, load {Load()}):"));
        var peaks = variants.ToDictionary(v => v.Name, _ => new List<double>());
        foreach (int n in sizes)
        {
            var native = WriteSuite(dir, n, gsm8k: false);
            var highest = variants.ToDictionary(v => v.Name, _ => 0.0);
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var v in variants)
                {
                    var name = "native-" + n.ToString(inv);
                    var (seconds, peak) = await RunCliAsync(dir, port, native, name, v);
                    var (againSeconds, againPeak) = await RunCliAsync(dir, port, native, name, v);
                    Directory.Delete(Path.Combine(dir, name), recursive: true);
                    highest[v.Name] = Math.Max(highest[v.Name], Math.Max(peak.Mb, againPeak.Mb));
                    var line = string.Create(inv,
                        $"  {n,9:N0} items  {v.Name,-12} native JSONL (streamed) {seconds,7:0.0} s  peak RSS {peak.Mb,5:N0} MB (anon {peak.AnonMb:N0}, files {peak.FileMb:N0}) = {peak.Mb / TargetMb:0.00}× the {TargetMb:0} MB target  |  re-run (resumed, all done) {againSeconds,6:0.0} s  peak RSS {againPeak.Mb,5:N0} MB");
                    if (n <= BaselineUpTo && round == 1 && v == variants[0])
                    {
                        var gsm = WriteSuite(dir, n, gsm8k: true);
                        var (baseSeconds, basePeak) = await RunCliAsync(dir, port, gsm, "gsm8k-" + n.ToString(inv), v);
                        File.Delete(gsm);
                        Directory.Delete(Path.Combine(dir, "gsm8k-" + n.ToString(inv)), recursive: true);
                        line += string.Create(inv, $"  |  GSM8K (read whole) {baseSeconds,7:0.0} s  peak RSS {basePeak.Mb,5:N0} MB  |  ratio {basePeak.Mb / peak.Mb:0.00}×");
                    }

                    Console.WriteLine(line + string.Create(inv, $"  (load {Load()})"));
                }
            }

            File.Delete(native);
            foreach (var v in variants) peaks[v.Name].Add(highest[v.Name]);
        }

        foreach (var v in variants)
        {
            var p = peaks[v.Name];
            double flat = p.Max() / p[0], top = p.Max();
            Console.WriteLine(string.Create(inv,
                $"  {v.Name}: streamed peak RSS, highest / {sizes[0]:N0} items: {flat:0.00}× ({p[0]:N0} → {top:N0} MB; target ≤ {FlatWithin:0.0}×: {(flat <= FlatWithin ? "met" : "NOT met")}); highest peak {top / TargetMb:0.00}× the {TargetMb:0} MB target: {(top < TargetMb ? "met" : "NOT met")}; vs {variants[0].Name}: {top / peaks[variants[0].Name].Max():0.00}×"));
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

    private static async Task<(double Seconds, Peak Peak)> RunCliAsync(string dir, int port, string suite, string name, CliStartupBench.Variant v)
    {
        var work = Path.Combine(dir, name);
        Directory.CreateDirectory(work);
        await BenchConfig.WriteAsync(work, port, suite);
        var psi = CliProcess.StartInfo(v, dir, work, ["run", "--config", Path.Combine(work, "arbiter.yaml"), "--quiet"]);
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(psi)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        var peak = default(Peak);
        while (!child.HasExited)
        {
            // VmHWM is the true high-water mark; the split is from the sample at which it last rose.
            var now = Sample(child.Id);
            if (now.Hwm > peak.Mb) peak = new Peak(now.Hwm, now.Anon, now.File);
            await Task.Delay(200);
        }

        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new InvalidOperationException($"arbiter run on {suite} exited {child.ExitCode}: {await stderr}{await stdout}");
        return (clock.Elapsed.TotalSeconds, peak);
    }

    private static (double Hwm, double Anon, double File) Sample(int pid)
    {
        try
        {
            double Kb(string[] lines, string key) =>
                lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal)) is { } l
                    ? double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 : 0;
            var status = File.ReadAllLines($"/proc/{pid}/status");
            return (Kb(status, "VmHWM:"), Kb(status, "RssAnon:"), Kb(status, "RssFile:") + Kb(status, "RssShmem:"));
        }
        catch (IOException)
        {
            return (0, 0, 0);
        }
    }
}
