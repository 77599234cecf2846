using System.Globalization;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Engine.Reports;

namespace Arbiter.Benchmarks;

/// <summary>In-memory runs shaped like real ones: models × suites × items, seeded, with prices in three currencies.</summary>
internal static class SyntheticRuns
{
    private static readonly string[] Currencies = ["USD", "RUB", "CNY"];

    public static IReadOnlyList<RunData> Create(int models, int suites, int itemsPerSuite, int seed)
    {
        var runs = new List<RunData>(models * suites);
        for (var m = 0; m < models; m++)
        {
            var model = string.Create(CultureInfo.InvariantCulture, $"model-{m:D2}");
            var ability = 0.35 + (0.6 * m / Math.Max(1, models - 1));
            Pricing? pricing = m % 7 == 6 ? null : new Pricing(1 + m, 2 + (2 * m), Currencies[m % 3]);
            for (var s = 0; s < suites; s++)
            {
                var suite = string.Create(CultureInfo.InvariantCulture, $"suite-{s:D2}");
                var run = new RunRecord($"r-{model}-{suite}", "h", suite, "1", model, $"domain-{s % 5}", s % 2 == 0 ? "ru" : "zh", itemsPerSuite, 1, RunStatus.Completed, 0, 1)
                {
                    ConfigJson = pricing is null ? "{}" : string.Create(CultureInfo.InvariantCulture, $$$"""{"pricing":{"InputPerMillion":{{{pricing.InputPerMillion}}},"OutputPerMillion":{{{pricing.OutputPerMillion}}},"Currency":"{{{pricing.Currency}}}"}}"""),
                };
                var rng = new Random(seed + (m * 1000) + s);
                var samples = new SampleRecord[itemsPerSuite];
                for (var i = 0; i < itemsPerSuite; i++)
                {
                    var latency = 50 + (rng.NextDouble() * 900);
                    var response = new ModelResponse("A", null, "stop", new TokenUsage(80, 5), latency, latency * 0.4, 1, SampleStatus.Ok, ErrorKind.None, null);
                    samples[i] = new SampleRecord(run.RunId, string.Create(CultureInfo.InvariantCulture, $"{suite}-{i:D5}"), 0, response,
                        new ScoreResult(rng.NextDouble() < ability ? 1 : 0, "A", ""), pricing?.CostOf(80, 5), false, 0);
                }

                runs.Add(new RunData(run, samples));
            }
        }

        return runs;
    }
}
