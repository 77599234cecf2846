// Times the frontier-lag computation on the shipped CSV (data/frontier/llm_stats_scores.csv, LLM Stats,
// CC-BY-4.0): load + every group against US + 1,000 bootstrap rounds (benchmarks and models resampled).
// Usage: dotnet run -c Release --project bench/Arbiter.FrontierBench [-- --rounds N --group country|organization|weights --reference US --threads N]
using System.Diagnostics;
using System.Globalization;
using Arbiter.Engine.Frontier;
using Arbiter.Statistics.Bootstrap;

string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
var rounds = int.Parse(Arg("--rounds", "1000"), CultureInfo.InvariantCulture);
var threads = int.Parse(Arg("--threads", "-1"), CultureInfo.InvariantCulture);
var grouping = Enum.Parse<FrontierGrouping>(Arg("--group", "country"), ignoreCase: true);
var reference = Arg("--reference", grouping == FrontierGrouping.Weights ? "closed" : grouping == FrontierGrouping.Organization ? "OpenAI" : "US");
var path = Arg("--scores", FindUp(Path.Combine("data", "frontier", "llm_stats_scores.csv")));
const double TargetSeconds = 1.0;

var options = new FrontierOptions
{
    Grouping = grouping,
    Reference = reference,
    AsOf = new DateOnly(2025, 10, 15),
    Bootstrap = new BootstrapOptions { Rounds = rounds, Seed = 42, MaxDegreeOfParallelism = threads },
};

FrontierLagResult Once()
{
    var table = new ScoreTable();
    ScoresCsv.ReadInto(table, path);
    return FrontierLagAnalysis.Compute(table, options);
}

var first = Once(); // warm-up (JIT)
var times = new List<double>();
for (int i = 0; i < 5; i++)
{
    var sw = Stopwatch.StartNew();
    Once();
    times.Add(sw.Elapsed.TotalSeconds);
}

times.Sort();
var median = times[times.Count / 2];
var groups = first.Rows.Select(r => r.Group).Distinct().Count();
var series = first.Rows.Count(r => r.Benchmark != "*");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"frontier lag, {grouping.ToString().ToLowerInvariant()} vs {reference}: {groups} groups, {series} group × benchmark series, {rounds} rounds, threads {(threads < 0 ? Environment.ProcessorCount : threads)}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"load + compute: median {median:0.000} s of 5 (min {times[0]:0.000}, max {times[^1]:0.000}); target < {TargetSeconds:0.0} s → ratio {median / TargetSeconds:0.000} {(median < TargetSeconds ? "PASS" : "FAIL")}"));
foreach (var r in first.Rows.Where(r => r.Benchmark == "*"))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {r.Group}: current {r.CurrentLagDays:0.#} d ({r.CurrentLagMonths:0.0} mo), median record lag {r.MedianRecordLagDays:0.#} d [{r.Lower:0.#}, {r.Upper:0.#}]"));
}

return median < TargetSeconds ? 0 : 1;

static string FindUp(string relative)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, relative);
        if (File.Exists(candidate)) return candidate;
    }

    return relative;
}
