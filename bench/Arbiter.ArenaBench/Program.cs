using System.Diagnostics;
using System.Globalization;
using Arbiter.ArenaBench;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;
using Arbiter.Statistics.Arena;

// Usage: dotnet build Arbiter.slnx -c Release && dotnet run -c Release --project bench/Arbiter.ArenaBench
//          [-- --battles 1000000 --models 30 --dir DIR --board-rounds 100]
//          [-- --fits-only]   (skip reading and import; only the fits and the board)
//        or  [-- --parse --battles 1000000 --models 300 [--cli PATH]]   (leaderboard --battles through the CLI — the build's
//             dll, or PATH: e.g. the installed tool's launcher — against the record reader)
//        or  [-- --bt-only --battles 1000000 --models 300]   (Bradley–Terry at scale, battles generated in memory)
// Writes a synthetic FastChat JSON array (kept in DIR for re-runs), then measures reading it three
// ways in child processes, importing it with the real CLI into SQLite, and the Bradley–Terry fits.
if (args is ["--child", var mode, var file])
{
    return await ChildRuns.RunAsync(mode, file);
}

// Issue 18's battle-file target: the leaderboard command on a lean 1M × 300 JSONL file, against the record reader.
if (args.Contains("--parse"))
{
    ChildRuns.Cli = args.SkipWhile(a => a != "--cli").Skip(1).FirstOrDefault();
    var parseDir = args.SkipWhile(a => a != "--dir").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "arbiter-arena-bench");
    Directory.CreateDirectory(parseDir);
    return await ParseBench.RunAsync(parseDir, Option("--battles", 1_000_000), Option("--models", 300));
}

// The arena issue's Bradley–Terry targets (default 1,000,000 battles among 300 models), without the file-based steps.
if (args.Contains("--bt-only"))
{
    return Arbiter.ArenaBench.BtScale.Run(Option("--battles", 1_000_000), Option("--models", 300));
}

var inv = CultureInfo.InvariantCulture;
int count = Option("--battles", 1_000_000), modelCount = Option("--models", 30), boardRounds = Option("--board-rounds", 100);
var dir = args.SkipWhile(a => a != "--dir").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "arbiter-arena-bench");
Directory.CreateDirectory(dir);
var models = SyntheticBattles.Models(modelCount);
var path = Path.Combine(dir, string.Create(inv, $"battles-{count}-{modelCount}.json"));
Console.WriteLine(string.Create(inv, $"Arbiter arena benchmark · {Environment.ProcessorCount} cores · .NET {Environment.Version} · load {Load()}"));
if (!File.Exists(path))
{
    var gen = Stopwatch.StartNew();
    SyntheticBattles.Write(path + ".tmp", count, models);
    File.Move(path + ".tmp", path);
    Console.WriteLine(string.Create(inv, $"  generated in {gen.Elapsed.TotalSeconds:0.0} s"));
}

Console.WriteLine(string.Create(inv, $"  {path}: {count:N0} battles, {modelCount} models, {new FileInfo(path).Length / 1048576.0:N0} MB"));

// --fits-only skips the reading and import measurements (minutes) and goes straight to the fits on the same file.
if (!args.Contains("--fits-only"))
{
    Console.WriteLine("\nReading (each in its own process):");
    var stream = await ChildRuns.SelfAsync("--child", "stream", path);
    Print("streaming (BattleFile.ReadAsync, battles discarded)", stream);
    var collect = await ChildRuns.SelfAsync("--child", "collect", path);
    Print("streaming into a list (BattleImporter.ReadFileAsync)", collect);
    var legacy = await ChildRuns.SelfAsync("--child", "legacy", path);
    Print("whole file in memory (the reader before streaming)", legacy);
    Console.WriteLine(string.Create(inv, $"  peak working set, whole-file / streaming: {legacy["peak_ws_mb"] / stream["peak_ws_mb"]:0.0}×"));

    Console.WriteLine("\nImport into SQLite with the real CLI (arbiter arena import, 10,000-battle transactions):");
    var work = Directory.CreateTempSubdirectory("arbiter-arena-bench-db-").FullName;
    try
    {
        foreach (var pass in new[] { "first import", "re-import (all stored)" })
        {
            var (seconds, peak, output, _) = await ChildRuns.CliAsync(work, "arena", "import", path, "--db", Path.Combine(work, "arena.db"));
            Console.WriteLine(string.Create(inv, $"  {pass,-24} {seconds,7:0.0} s  {count / seconds,9:N0} battles/s  peak RSS {peak,6:N0} MB  {output.Trim()}"));
        }

        Console.WriteLine(string.Create(inv, $"  database size {new FileInfo(Path.Combine(work, "arena.db")).Length / 1048576.0:N0} MB"));
    }
    finally
    {
        Directory.Delete(work, recursive: true);
    }
}

Console.WriteLine("\nBradley–Terry on all battles (this process):");
var battles = (await BattleImporter.ReadFileAsync(path)).Battles;
var set = Time("BattleSet.From (index 1M battles)", () => BattleSet.From(battles.Select(ArenaLeaderboard.ToBattle)));
var fit = Time("BT fit (Newton)", () => BradleyTerry.Fit(set));
Time("bootstrap, 100 rounds (includes the point fit)", () => BradleyTerry.Bootstrap(set, bootstrap: BradleyTerry.DefaultBootstrapOptions));
Time("sandwich CI", () => BradleyTerry.SandwichIntervals(fit));
var styled = Time("style features (4 per battle)", () => battles
    .Select(b => new StyledBattle(ArenaLeaderboard.ToBattle(b), StyleFeatures.Differences(Counts(b.StyleA!), Counts(b.StyleB!)))).ToList());
var style = Time("style control fit (point)", () => StyleControl.Fit(styled));
Time(string.Create(inv, $"full board: bootstrap + style control, {boardRounds} rounds each"),
    () => ArenaLeaderboard.Compute(battles, new ArenaLeaderboardOptions { StyleControl = true, Rounds = boardRounds }));

Console.WriteLine("\nSanity check against the true ratings (both centred on 1000):");
Compare("plain BT", fit);
Compare("style-controlled BT", style.Ratings);
// Coefficients act on standardised features: divided by the feature's SD they are per unit of raw difference, as generated.
Console.WriteLine(string.Create(inv, $"  style coefficients per unit of raw difference: {string.Join(", ", style.Coefficients.Select(c => $"{c.Name} {c.Value / c.FeatureStandardDeviation:0.000}"))} (true: length {SyntheticBattles.LengthEffect}, others 0)"));
return 0;

void Print(string name, Dictionary<string, double> r) => Console.WriteLine(string.Create(inv,
    $"  {name,-54} {r["seconds"],6:0.0} s{(r["open_seconds"] > 0 ? $" (of which hashing {r["open_seconds"]:0.0} s)" : "")}  {r["battles"] / r["seconds"],9:N0} battles/s  peak WS {r["peak_ws_mb"],6:N0} MB  managed heap ≤ {r["heap_peak_mb"],6:N0} MB  allocated {r["allocated_mb"] / 1024,5:0.0} GB"));

T Time<T>(string name, Func<T> body)
{
    var clock = Stopwatch.StartNew();
    var result = body();
    Console.WriteLine(string.Create(inv, $"  {name,-54} {clock.Elapsed.TotalSeconds,8:0.000} s"));
    return result;
}

void Compare(string name, BradleyTerryFit f)
{
    double trueMean = models.Average(m => m.Rating);
    var errors = models.Select(m => Math.Abs(f.Ratings[f.Battles.IndexOf(m.Name)] - (m.Rating - trueMean + 1000))).ToArray();
    Console.WriteLine(string.Create(inv, $"  {name,-22} mean |error| {errors.Average(),6:0.0}  max |error| {errors.Max(),6:0.0} rating points"));
}

static StyleCounts Counts(AnswerStyle s) => new(s.Tokens, s.Headers, s.ListItems, s.BoldSpans);

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
