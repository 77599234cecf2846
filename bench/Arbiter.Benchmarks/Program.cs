using System.Diagnostics;
using System.Globalization;
using System.Text;
using Arbiter.Benchmarks;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Reports.Html;
using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Intervals;
using Arbiter.Statistics.Paired;

// Usage: dotnet run -c Release --project bench/Arbiter.Benchmarks [-- --out DIR]
// Prints the median of 5 timed runs (after one warm-up) for each issue-4 target.
var outDir = args.Length == 2 && args[0] == "--out" ? args[1] : Path.GetTempPath();
var inv = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(inv, $"Arbiter benchmarks · {Environment.ProcessorCount} cores · .NET {Environment.Version}"));

var rng = new Random(42);
var million = new double[1_000_000];
var bits = new bool[1_000_000];
for (var i = 0; i < million.Length; i++)
{
    million[i] = rng.NextDouble();
    bits[i] = million[i] < 0.7;
}

var a = Enumerable.Range(0, 10_000).Select(i => new ScoredSample($"item-{i:D5}", 0, rng.NextDouble() < 0.7 ? 1 : 0)).ToList();
var b = Enumerable.Range(0, 10_000).Select(i => new ScoredSample($"item-{i:D5}", 0, rng.NextDouble() < 0.75 ? 1 : 0)).ToList();
var alignment = PairAlignment.Align(a, b);

Report("mean + t-interval, 1,000,000 samples", 1000, () => MeanEstimate.FromSamples(million).Mean);
Report("Wilson interval, 1,000,000 binary samples", 1000, () => ProportionEstimate.FromSamples(bits).Mean);
Report("paired bootstrap, 1,000 rounds × 10,000 pairs (+McNemar)", 1000, () => PairedComparison.Compare(alignment).Bootstrap.Interval.Lower);

var runs = SyntheticRuns.Create(models: 20, suites: 5, itemsPerSuite: 1000, seed: 7);
string html = "";
Report("report: 20 models × 5,000 items (5 suites), build + HTML", 2000, () =>
{
    html = HtmlReportWriter.Render(ReportBuilder.Build(runs, new ReportOptions()));
    return html.Length;
});
Report("report: same, without paired comparisons (--no-compare)", 2000, () => HtmlReportWriter.Render(ReportBuilder.Build(runs, new ReportOptions { IncludeComparisons = false })).Length);
var bytes = Encoding.UTF8.GetByteCount(html);
var path = Path.Combine(outDir, "arbiter-bench-report.html");
File.WriteAllText(path, html, new UTF8Encoding(false));
Console.WriteLine(string.Create(inv, $"  report size: {bytes / 1024.0 / 1024.0:0.00} MB (target < 5 MB) {(bytes < 5 * 1024 * 1024 ? "OK" : "OVER")} → {path}"));

void Report(string name, double targetMs, Func<double> body)
{
    body();
    var times = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        var sw = Stopwatch.StartNew();
        body();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    var median = times[2];
    var verdict = targetMs <= 0 ? "(no target)" : median < targetMs ? string.Create(inv, $"OK (< {targetMs:0} ms)") : string.Create(inv, $"SLOW (target {targetMs:0} ms)");
    Console.WriteLine(string.Create(inv, $"  {name,-62} median {median,9:0.0} ms  min {times[0],9:0.0} ms  {verdict}"));
}
