using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Arbiter.ArenaBench;

/// <summary>
/// <c>--parse</c>: the issue's battle-file target — <c>arbiter arena leaderboard --battles FILE</c> on 1,000,000 battles
/// among 300 models — through the real CLI, against the reader it replaced run in a child process of the same
/// run (records streamed into a list, then the same board). Both boards must be identical; the table-only and
/// record-only reads are timed apart to give rows per second. CPU seconds are reported beside wall seconds
/// because this machine is shared.
/// </summary>
internal static class ParseBench
{
    public static async Task<int> RunAsync(string dir, int count, int modelCount)
    {
        var inv = CultureInfo.InvariantCulture;
        var path = Path.Combine(dir, string.Create(inv, $"lean-{count}-{modelCount}.jsonl"));
        if (!File.Exists(path))
        {
            Write(path + ".tmp", count, modelCount);
            File.Move(path + ".tmp", path);
        }

        Console.WriteLine(string.Create(inv,
            $"Battle file → leaderboard: {path}, {count:N0} battles, {modelCount} models, {new FileInfo(path).Length / 1048576.0:N0} MB, load {Load()}"));
        Console.WriteLine("  CLI timed: " + (ChildRuns.Cli ?? "the Release build's arbiter.dll through dotnet (JIT)"));
        var parse = await ChildRuns.SelfAsync("--child", "table", path);
        var recordParse = await ChildRuns.SelfAsync("--child", "stream", path);
        Console.WriteLine(string.Create(inv, $"  parse into the table (BattleTableReader)         {Line(parse)}"));
        Console.WriteLine(string.Create(inv, $"  parse into records (BattleFile, hashing pass too){Line(recordParse)}"));
        Console.WriteLine(string.Create(inv, $"  parse speed-up (CPU) {recordParse["cpu_seconds"] / parse["cpu_seconds"]:0.0}×"));
        Console.WriteLine("  " + ScanFloor.Describe(ScanFloor.Run(path)));

        var work = Directory.CreateTempSubdirectory("arbiter-parse-bench-").FullName;
        try
        {
            var cli = await ChildRuns.CliAsync(work, "arena", "leaderboard", "--battles", path, "--format", "json");
            var legacy = await ChildRuns.SelfAsync("--child", "legacy-board", path);
            Console.WriteLine(string.Create(inv,
                $"  arbiter arena leaderboard --battles (whole command) {cli.Seconds,6:0.00} s wall  {cli.CpuSeconds,6:0.00} s CPU  peak RSS {cli.PeakMb,5:N0} MB   target ≤ 1.5 s, < 200 MB"));
            Console.WriteLine(string.Create(inv,
                $"  the same board, records then Compute (before)       {legacy["seconds"],6:0.00} s wall  {legacy["cpu_seconds"],6:0.00} s CPU  peak RSS {legacy["peak_ws_mb"],5:N0} MB"));
            Console.WriteLine(string.Create(inv,
                $"  ratio before / now: wall {legacy["seconds"] / cli.Seconds:0.0}×, CPU {legacy["cpu_seconds"] / cli.CpuSeconds:0.0}×, peak RSS {legacy["peak_ws_mb"] / cli.PeakMb:0.0}×"));
            string now = Ratings(cli.Output), before = await File.ReadAllTextAsync(path + ".legacy-board.json");
            Console.WriteLine(now == Ratings(before) ? "  boards identical (every rating, bound, rank and count)" : "  BOARDS DIFFER");
            return now == Ratings(before) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Line(Dictionary<string, double> r) => string.Create(CultureInfo.InvariantCulture,
        $"{r["seconds"],6:0.00} s wall  {r["cpu_seconds"],6:0.00} s CPU  {r["battles"] / r["seconds"],11:N0} rows/s  {r["battles"] / r["cpu_seconds"],11:N0} rows per CPU-second  peak WS {r["peak_ws_mb"],5:N0} MB");

    /// <summary>The board JSON re-serialised compactly, so formatting cannot make two equal boards differ.</summary>
    private static string Ratings(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    /// <summary>Lean JSON Lines as scripts and arena-hard write them (~180 bytes a row): Bradley–Terry votes on known ratings.</summary>
    private static void Write(string path, int count, int modelCount)
    {
        var rng = new Random(5);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        for (int k = 0; k < count; k++)
        {
            int a = rng.Next(modelCount), b = rng.Next(modelCount - 1);
            b += b >= a ? 1 : 0;
            double p = 1 / (1 + Math.Pow(10, 450.0 * (b - a) / (modelCount - 1) / 400));
            double u = rng.NextDouble();
            string winner = u < p - 0.05 ? "model_a" : u < p + 0.05 ? (u < p ? "tie" : "tie (bothbad)") : "model_b";
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{{\"question_id\":\"q{k:D7}\",\"model_a\":\"model-{a:D3}\",\"model_b\":\"model-{b:D3}\",\"winner\":\"{winner}\",\"judge\":\"arena_user_{rng.Next(1000)}\",\"turn\":1,\"anony\":true,\"language\":\"English\",\"tstamp\":{1.7e9 + (k * 30.0):0.0}}}\n"));
        }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
