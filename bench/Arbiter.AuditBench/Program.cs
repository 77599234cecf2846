using System.Diagnostics;
using System.Globalization;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Training;
using Arbiter.Engine.Audit.Validation;

// Usage: dotnet run -c Release --project bench/Arbiter.AuditBench [-- DATA_DIR [SECONDS [MODEL.zip]]]
// Classifies real replies (the training files: SpeechMap essays, XSTest completions, the corpora) with the
// phrase lists alone (baseline) and with the shipped trained model, on one thread and on all cores, and
// prints replies/s, the ratio to the baseline, the model's load time and size. With MODEL.zip, the shipped model
// is measured in the same run too and the given model's ratio to it printed.
var dir = args.Length > 0 ? args[0] : Path.Combine(FindRoot(), "data", "audit-training");
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var texts = Directory.GetFiles(dir).Where(f => f.EndsWith(".csv", StringComparison.Ordinal) || f.Contains(".jsonl", StringComparison.Ordinal))
    .SelectMany(f => LabelledSet.Load(f)).Select(i => i.Text).ToArray();
Console.WriteLine(Inv($"{texts.Length} replies, mean {texts.Average(t => t.Length):0} chars, {Environment.ProcessorCount} cores"));

var sw = Stopwatch.StartNew();
var model = args.Length > 2 ? RegisterModel.Load(args[2]) : ShippedRegisterModel.Load() ?? throw new InvalidOperationException("this build ships no model");
var load = sw.Elapsed;
using (var s = args.Length > 2 ? File.OpenRead(args[2]) : ShippedRegisterModel.OpenModel()!) Console.WriteLine(Inv($"model load {load.TotalMilliseconds:0} ms, file {s.Length / 1048576.0:0.0} MB"));
var trained = new RefusalClassifier(PhraseLexicon.BuiltIn, model);

var baseline1 = Measure(RefusalClassifier.PhrasesOnly, parallel: false);
var trained1 = Measure(trained, parallel: false);
var baselineN = Measure(RefusalClassifier.PhrasesOnly, parallel: true);
var trainedN = Measure(trained, parallel: true);
var cores = Environment.ProcessorCount;
Console.WriteLine(Inv($"phrase lists   {Line(baseline1, baselineN)}"));
Console.WriteLine(Inv($"trained model  {Line(trained1, trainedN)}   ({trainedN.Wall / baselineN.Wall:0.00}× the baseline; target ≥ 5,000/s)"));
if (args.Length > 2 && ShippedRegisterModel.Load() is { } shipped)
{
    // A model file given: the shipped model is measured in the same run too, so the two can be compared under the same load.
    var shippedClassifier = new RefusalClassifier(PhraseLexicon.BuiltIn, shipped);
    var shipped1 = Measure(shippedClassifier, parallel: false);
    var shippedN = Measure(shippedClassifier, parallel: true);
    Console.WriteLine(Inv($"shipped model  {Line(shipped1, shippedN)}   (given model: {trained1.Wall / shipped1.Wall:0.00}× on 1 thread, {trainedN.Wall / shippedN.Wall:0.00}× on {cores}; per CPU-second {trained1.PerCpuSecond / shipped1.PerCpuSecond:0.00}×)"));
}

// On a shared machine the wall-clock rate depends on the other processes; replies per CPU-second of this process depend
// much less on them (times the cores, it estimates the rate on an idle machine).
string Line(Rate one, Rate all) =>
    Inv($"1 thread {one.Wall,9:0} replies/s   {cores} threads {all.Wall,9:0} replies/s   per CPU-second {one.PerCpuSecond,7:0} (1 thread) {all.PerCpuSecond,7:0} ({cores} threads)");

Rate Measure(RefusalClassifier classifier, bool parallel)
{
    for (var i = 0; i < 200; i++) classifier.Classify(new AuditResponse(texts[i % texts.Length])); // warm-up
    long done = 0;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var workers = parallel ? Environment.ProcessorCount : 1;
    Parallel.For(0, workers, w =>
    {
        var i = w;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (var k = 0; k < 50; k++, i += workers) classifier.Classify(new AuditResponse(texts[i % texts.Length]));
            Interlocked.Add(ref done, 50);
        }
    });
    var spent = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    return new Rate(done / clock.Elapsed.TotalSeconds, done / spent.TotalSeconds);
}

static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

static string FindRoot()
{
    var d = new DirectoryInfo(AppContext.BaseDirectory);
    while (d is not null && !File.Exists(Path.Combine(d.FullName, "Arbiter.slnx"))) d = d.Parent;
    return d?.FullName ?? throw new DirectoryNotFoundException("run inside the repository");
}

/// <summary>Replies per wall-clock second and per CPU-second of this process.</summary>
internal sealed record Rate(double Wall, double PerCpuSecond);
