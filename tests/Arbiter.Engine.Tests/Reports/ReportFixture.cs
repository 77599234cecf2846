using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Engine.Reports;

namespace Arbiter.Engine.Tests.Reports;

/// <summary>
/// Deterministic synthetic runs (no clock, no network): models with known abilities, prices in
/// USD/RUB/CNY or none, streaming or not, some errors and content-filter stops, suites titled in
/// Russian and Chinese.
/// </summary>
internal static class ReportFixture
{
    public sealed record ModelDef(string Id, double Ability, Pricing? Pricing, double LatencyMs, bool Streams, double ErrorRate = 0, double FilterRate = 0);

    public sealed record SuiteDef(string Id, string Domain, string Language, string Title, int Items);

    public static readonly ModelDef[] Models =
    [
        new("sim-atlas", 0.80, new Pricing(2.5m, 10m, "USD"), 300, Streams: true),
        new("sim-volga", 0.70, new Pricing(1200m, 1200m, "RUB"), 180, Streams: true, ErrorRate: 0.05),
        new("sim-huanghe", 0.65, new Pricing(2m, 8m, "CNY"), 220, Streams: false, FilterRate: 0.05),
        new("sim-open", 0.40, null, 70, Streams: true),
    ];

    public static readonly SuiteDef[] FixtureSuites =
    [
        new("banking-ru", "banking", "ru", "Банковское дело (русский)", 24),
        new("banking-zh", "banking", "zh", "银行与金融（中文）", 24),
        new("science-ru", "science", "ru", "Естественные науки (русский)", 24),
        new("science-zh", "science", "zh", "自然科学（中文）", 24),
    ];

    /// <summary>The golden-file selection: every model on every suite, plus one run on a suite nobody else ran.</summary>
    public static IReadOnlyList<RunData> Standard()
    {
        var runs = new List<RunData>();
        foreach (var m in Models)
        {
            foreach (var s in FixtureSuites) runs.Add(Run(m, s, seed: 7));
        }

        runs.Add(Run(Models[0], new SuiteDef("law-en", "law", "en", "Law (English)", 12), seed: 7));
        return runs;
    }

    public static RunData Run(ModelDef m, SuiteDef s, int seed, int epochs = 1, Func<int, bool>? keep = null)
    {
        var run = new RunRecord($"r-{m.Id}-{s.Id}", "hash", s.Id, "1.0", m.Id, s.Domain, s.Language, s.Items, epochs, RunStatus.Completed, 1_700_000_000_000, 1_700_000_100_000)
        {
            ConfigJson = JsonSerializer.Serialize(new { pricing = m.Pricing, suite = new { Id = s.Id, Title = s.Title, Domain = s.Domain, Language = s.Language } }),
        };
        var rng = new Random(unchecked((seed * 1_000_003) + (Stable(m.Id) * 31) + Stable(s.Id)));
        var samples = new List<SampleRecord>();
        for (var i = 0; i < s.Items; i++)
        {
            for (var e = 0; e < epochs; e++)
            {
                if (keep is not null && !keep(i)) continue;
                var itemId = string.Create(CultureInfo.InvariantCulture, $"{s.Id}-{i:D3}");
                var roll = rng.NextDouble();
                var latency = Math.Round(m.LatencyMs * (0.5 + rng.NextDouble()), 3);
                var (status, kind) = roll < m.ErrorRate ? (SampleStatus.Error, i % 2 == 0 ? ErrorKind.Transient : ErrorKind.Permanent)
                    : roll < m.ErrorRate + m.FilterRate ? (SampleStatus.ContentFilter, ErrorKind.ContentFilter) : (SampleStatus.Ok, ErrorKind.None);
                var usage = status == SampleStatus.Ok ? new TokenUsage(60 + (i % 7), 3 + (i % 5)) : new TokenUsage(status == SampleStatus.ContentFilter ? 60 : 0, 0);
                var correct = status == SampleStatus.Ok && rng.NextDouble() < m.Ability;
                var response = new ModelResponse(status == SampleStatus.Ok ? "A" : null, null, status == SampleStatus.Ok ? "stop" : null, usage, latency,
                    m.Streams && status == SampleStatus.Ok ? Math.Round(latency * 0.6, 3) : null, 1, status, kind, status == SampleStatus.Error ? "simulated failure" : null);
                samples.Add(new SampleRecord(run.RunId, itemId, e, response, status == SampleStatus.Ok ? new ScoreResult(correct ? 1 : 0, "A", "fixture") : null,
                    m.Pricing?.CostOf(usage.Input, usage.Output), false, 1_700_000_050_000));
            }
        }

        return new RunData(run, samples);
    }

    public static RunData Empty(string model, SuiteDef s) => new(
        new RunRecord($"r-{model}-{s.Id}-empty", "hash", s.Id, "1.0", model, s.Domain, s.Language, 0, 1, RunStatus.Completed, 1, 2), []);

    /// <summary>A run where every sample has the given score.</summary>
    public static RunData Constant(string model, SuiteDef s, double score)
    {
        var run = new RunRecord($"r-{model}-{s.Id}", "hash", s.Id, "1.0", model, s.Domain, s.Language, s.Items, 1, RunStatus.Completed, 1, 2);
        var samples = Enumerable.Range(0, s.Items).Select(i => new SampleRecord(run.RunId, string.Create(CultureInfo.InvariantCulture, $"{s.Id}-{i:D3}"), 0,
            new ModelResponse("A", null, "stop", new TokenUsage(10, 2), 100 + i, null, 1, SampleStatus.Ok, ErrorKind.None, null),
            new ScoreResult(score, "A", "fixture"), null, false, 1)).ToList();
        return new RunData(run, samples);
    }

    private static int Stable(string s)
    {
        // string.GetHashCode is randomised per process; the fixture must be identical on every run.
        var h = 17;
        foreach (var c in s) h = unchecked((h * 31) + c);
        return h;
    }
}
